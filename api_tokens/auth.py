"""Bearer tokens for API v3, refused once expired."""

from django.contrib.auth.models import AnonymousUser

from wagtail.models import APIToken

from .models import unexpired


def authenticate(self, request, token):
    """Wagtail's `BearerTokenAuth.authenticate` (wagtail/api/v3/auth.py, 8.0) with one
    change: a token past its expiry is not found, in the same query, exactly as a
    revoked one is not; so it is refused (401) wherever a token is required, reads as
    the public on public reads, and its last use is not touched. Installed on Wagtail's
    class by site_config.patches.refuse_expired_api_tokens."""
    api_token = (
        unexpired(APIToken.objects.select_related("user"))
        .filter(key_hash__in=APIToken.candidate_key_hashes(token), revoked_at__isnull=True)
        .first()
    )
    user = api_token.user if api_token else None
    # As Wagtail does: request.user is the token's active user or anonymous, never
    # the user of a session cookie sent along.
    if not (user and user.is_active):
        request.user = AnonymousUser()
        return None
    request.user = user
    self._touch_last_used(api_token)
    return api_token
