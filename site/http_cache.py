"""What a shared HTTP cache (Varnish here, a CDN at scale) may store, said once for the
public site and the content API. Purging on publish is in publishing.cache_purge.

A response is shared only when all of these hold: the view is on the allow-list below
(Wagtail's page serving, the sitemap, robots.txt, API v2 and v3 reads), the request is
an anonymous read (core.app_cache.is_anonymous_read: no token, no session), the answer is
a 200 that sets no cookie, and the view has not set a Cache-Control of its own (the
appointment form, headless preview and Wagtail's password form say `no-store`
themselves). Everything else that passes through is `private, no-store`: the admin,
search results, 404s for drafts, anything read with credentials. An unknown new view
is therefore never shared until someone adds it here.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from content_api.v3.detail_cache import CACHED_OPERATIONS
from core.app_cache import is_anonymous_read

# URL names and namespaces (site_config.urls) whose anonymous answers are the same for
# every visitor. Wagtail only reaches a page's serve() once its view restrictions are
# met, and a private page is only met with a session: those never get here as shared.
SHARED_URL_NAMES = {"wagtail_serve", "sitemap", "robots_txt"}
API_NAMESPACES = {"wagtailapi", "wagtailapi_v3"}
# API v3's page detail and conditions listing, answered from the app cache ahead of
# their API v3 views (site_config.urls).
API_URL_NAMES = set(CACHED_OPERATIONS)


def is_api(request):
    match = request.resolver_match
    return match is not None and (
        bool(API_NAMESPACES.intersection(match.namespaces)) or match.url_name in API_URL_NAMES
    )


def may_be_shared(request, response):
    match = request.resolver_match
    return (
        match is not None
        and (match.url_name in SHARED_URL_NAMES or is_api(request))
        and is_anonymous_read(request)
        and response.status_code == 200
        and not response.cookies
    )


class SharedCacheMiddleware:
    """Cache-Control (and Vary) for every GET and HEAD the views leave undecided.

    Shared answers are `public, max-age=<browser>, s-maxage=<shared cache>`: a shared
    cache keeps them for HTTP_CACHE_SHARED_MAX_AGE seconds unless a publish purges them
    sooner, a browser for HTTP_CACHE_BROWSER_MAX_AGE (HTML) or not at all without
    revalidating (API: max-age=0, so apps see a publish at once; with the ETag that
    ConditionalGetMiddleware adds, an unchanged resource costs a 304).

    It sits outside the session and CSRF middleware so that it sees every cookie they
    set and the `Vary: Cookie` the session adds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return response
        if response.has_header("Cache-Control"):
            return response
        api = is_api(request)
        # Answers differ by who asks: by token for the API, by session for HTML (the
        # editors' userbar), so a cache that ignores neither keeps them apart.
        patch_vary_headers(response, ["Authorization"] if api else ["Cookie"])
        if may_be_shared(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=0 if api else settings.HTTP_CACHE_BROWSER_MAX_AGE,
                s_maxage=settings.HTTP_CACHE_SHARED_MAX_AGE,
            )
        else:
            patch_cache_control(response, private=True, no_store=True)
        return response
