from csp.constants import HEADER, SELF
from csp.utils import build_policy

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


class APICacheHeadersMiddleware:
    """Caching headers for the content API.

    Anonymous reads are public but revalidated every time (`no-cache`): with the ETag
    that ConditionalGetMiddleware adds, an unchanged resource costs a 304, and a
    publish shows in the very next response. Anything read with credentials is
    private and never stored. Views that set their own Cache-Control keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or request.method not in ("GET", "HEAD"):
            return response
        patch_vary_headers(response, ["Authorization"])
        if response.has_header("Cache-Control") or response.status_code >= 500:
            return response
        if "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, private=True, no_store=True)
        else:
            patch_cache_control(response, public=True, no_cache=True)
        return response


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: browser features that no page of the site
    uses (settings.PERMISSIONS_POLICY) are turned off, for embedded frames too. Django
    sends the other security headers itself (settings/base.py, "Security headers")."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class PreviewFramingMiddleware:
    """Lets the admin frame its own previews, and nothing else frame anything.

    Every response says `frame-ancestors 'none'` and `X-Frame-Options: DENY`, so a
    patient's page can never be framed by another site (clickjacking). The editor's
    preview panel and the block chooser show previews in an iframe of the admin, on
    the same origin: those responses, and only those, say `'self'` and `SAMEORIGIN`.
    Wagtail renders a page preview (while editing, of a revision, for a workflow
    task) through a simulated request to the page that it marks `is_preview`; block
    previews come from its `wagtailadmin_block_preview` view. A block preview, though
    under /admin/, renders the site's own block templates, so it gets the site's
    policy too. Listed after CSPMiddleware, so it speaks first on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            response._csp_replace = {"frame-ancestors": [SELF]}
        elif is_block_preview(request):
            response[HEADER] = build_policy(replace={"frame-ancestors": [SELF]})
        else:
            return response
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response


def is_block_preview(request):
    match = request.resolver_match
    return match is not None and match.url_name == "wagtailadmin_block_preview"
