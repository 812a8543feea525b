"""When an API token stops working, if ever. Wagtail's APIToken (wagtail.models) can
only be revoked by hand, so a token given to an app for a project, a pilot or a
supplier's contract would work for ever unless someone remembered it; staff give it
an end instead. One row per token that has one: no row, no expiry."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from wagtail.models import APIToken


class TokenExpiry(models.Model):
    token = models.OneToOneField(
        APIToken, on_delete=models.CASCADE, primary_key=True, related_name="expiry"
    )
    expires_at = models.DateTimeField("expires")

    class Meta:
        verbose_name = "API token expiry"
        verbose_name_plural = "API token expiries"

    def __str__(self):
        return f"{self.token} expires {self.expires_at:%Y-%m-%d %H:%M}"


def unexpired(tokens, now=None):
    """`tokens` (an APIToken queryset) without those past their expiry."""
    now = now or timezone.now()
    return tokens.filter(Q(expiry__isnull=True) | Q(expiry__expires_at__gt=now))


def expires_at(token):
    expiry = getattr(token, "expiry", None)  # the reverse one-to-one raises when absent
    return expiry.expires_at if expiry else None


def set_expiry(token, when):
    """Gives `token` an expiry at `when`, or none (`when` None)."""
    if when is None:
        TokenExpiry.objects.filter(token=token).delete()
    else:
        TokenExpiry.objects.update_or_create(token=token, defaults={"expires_at": when})
