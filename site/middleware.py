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
    """Refuses a body larger than settings.MAX_REQUEST_BODY_SIZE outside /admin/ with a
    413, by its Content-Length, before anything reads it: Django caps form fields in
    memory but streams file parts of any size to disk, so a 300 MB multipart post to
    a public form would otherwise be read in full. First in MIDDLEWARE, ahead of the
    CSRF check, which reads the body. (A body without Content-Length is never read by
    Django at all.)"""

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = settings.MAX_REQUEST_BODY_SIZE

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.limit and not request.path.startswith("/admin/"):
            return error_response(
                request,
                413,
                title="Request too large",
                detail=f"The request body is larger than {self.limit} bytes.",
                template="413.html",
            )
        return self.get_response(request)
