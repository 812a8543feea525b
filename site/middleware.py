from csp.constants import HEADER, SELF
from csp.utils import build_policy

from django.conf import settings

from .errors import error_response


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


class RequestBodyLimitMiddleware:
    """Refuses a body larger than its sender may send with a 413, by its Content-Length,
    before anything reads it: Django caps form fields in memory but streams file parts
    of any size to disk, so a 1.5 GB post to a form, the admin's sign-in included,
    would otherwise be read in full. Everyone may send settings.MAX_REQUEST_BODY_SIZE;
    signed-in staff with access to the admin, who upload images and documents,
    settings.STAFF_MAX_REQUEST_BODY_SIZE. After AuthenticationMiddleware, which reads no
    body, so that it knows who is asking; before every view and the CSRF check
    (process_view), which do. (A body without Content-Length is never read by Django.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BODY_SIZE
        if length > limit and is_staff(request.user):
            limit = settings.STAFF_MAX_REQUEST_BODY_SIZE
        if length > limit:
            return error_response(
                request,
                413,
                title="Request too large",
                detail=f"The request body is larger than {limit} bytes.",
                template="413.html",
            )
        return self.get_response(request)


def is_staff(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


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
