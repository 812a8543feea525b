"""Whole anonymous page answers kept in the app cache, under the site's content version
(core/content_version.py, core/app_cache.py), so that every app server serves a page that has
not changed without routing, rendering or reading it again, and shows a publish,
unpublish, move, deletion or privacy change in the very next answer, with no purge.

It keeps exactly what a shared HTTP cache may keep (site_config.http_cache): a 200 to an
anonymous GET of a page, the sitemap or robots.txt that sets no cookie and no
Cache-Control of its own, asked without a session or CSRF cookie (the requests the
VCL passes to the app). So a signed-in editor, a password-protected page, the
appointment form, search results and previews always reach their views. API reads
have caches of their own (API v2 and v3 details, v3 listings).

A hit costs the content version's query and one cache read: what a page costs on an
app server behind a cold or missing HTTP cache (a purge, a CDN edge's first request)."""

from django.conf import settings
from django.urls import Resolver404, resolve

from core.app_cache import is_anonymous_read, remember, url_key

from .http_cache import SHARED_URL_NAMES, may_be_shared

# Query parameters the cached views read (the A–Z filter and pages, the sitemap's
# pages): an answer to any other query string is not kept, so made-up ones cannot
# fill the cache with copies of a page.
QUERY_PARAMETERS = {"specialty", "page", "p"}


class PageResponseCacheMiddleware:
    """Sits just inside SharedCacheMiddleware: what it keeps has none of the headers
    that middleware adds, which it adds again to every answer, cached or not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method != "GET"
            or getattr(request, "is_dummy", False)  # Wagtail's previews and checks
            or not is_anonymous_read(request)
            # As the VCL does: a visitor holding a CSRF token may be shown it in a form.
            or settings.CSRF_COOKIE_NAME in request.COOKIES
            or not QUERY_PARAMETERS.issuperset(request.GET)
        ):
            return self.get_response(request)
        try:
            # The view's name decides what may be kept; Django resolves it again later.
            request.resolver_match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if request.resolver_match.url_name not in SHARED_URL_NAMES:
            return self.get_response(request)
        return remember(
            url_key("page-response", request),
            lambda: self.get_response(request),
            keep=lambda response: (
                may_be_shared(request, response)
                and not response.has_header("Cache-Control")
                and not response.streaming
            ),
        )
