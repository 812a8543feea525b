from django.conf import settings


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
