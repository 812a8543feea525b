"""The article an anonymous read of a page URL is routed to, kept in the app cache under
the content version (core/app_cache.py), with what serving it reads of the tree: its
Site, that no view restriction covers it, and its visible translations (the language
switcher and hreflang). The first reader after a publish, or a URL the page cache does
not keep (site_config.response_cache), then pays only the content version's query,
where routing through the tree costs a level at a time (Site, locale, home, index: five
queries), the restrictions of its ancestors (two), its translations (one) and the page
itself (whose query took most of a cached article's time: building the SQL and the
model costs ten times unpickling the page kept with its route).

Kept only for anonymous reads (`is_anonymous_read`) that Wagtail routed to a condition
page a visitor may see (live, shown in its language, no view restriction) and answered
with a 200; any publish,
unpublish, move or privacy change renews the content version, so a kept route never
outlives what it says. Everything else is routed by Wagtail as before."""

from dataclasses import dataclass

from django.http import Http404
from django.urls import Resolver404, resolve

from wagtail.models import Site
from wagtail.url_routing import RouteResult

from condition_pages.models import ConditionPage
from condition_pages.translations import live_translations
from core.app_cache import is_anonymous_read, remember, versioned_key

# Wagtail's catch-all page view (wagtail.urls).
PAGE_URL_NAME = "wagtail_serve"


@dataclass(frozen=True)
class KnownRoute:
    page: ConditionPage
    site: Site
    translations: list


def route_key(request):
    return versioned_key("page-route", request, request.get_host(), request.path_info)


def fetch_page(page_id):
    """The condition page as its route keeps it: fetched afresh, with the relations its
    template shows, none of what serving it added to the instance Wagtail routed to."""
    return (
        ConditionPage.objects.select_related("locale", "hero_image", "reviewed_by")
        .filter(pk=page_id)
        .first()
    )


def routed_to(request, route):
    """Wagtail's route to the condition page `route` keeps (a copy of its own: each read
    of the cache unpickles one). The content version already makes a changed page a new
    key; Wagtail's own check (`Page.route`: 404 unless live) is asked again all the
    same."""
    page = route.page
    page.visible_translations = route.translations
    page.known_unrestricted = True
    try:
        return page.route(request, [])
    except Http404:
        return None


def route_to_keep(request, response):
    """What to keep of how Wagtail routed and served `request`, or None. A page among its
    own visible translations is one a visitor may see: live, shown in its language and
    covered by no view restriction (condition_pages.querysets), found with no query
    more, since serving it listed them (the language switcher)."""
    routed = getattr(request, "_wagtail_route_for_request", None)
    if (
        response.status_code != 200
        or not isinstance(routed, RouteResult)
        or not isinstance(routed.page, ConditionPage)
        or routed.args
        or routed.kwargs
        or not getattr(request, "_wagtail_site", None)
    ):
        return None
    translations = live_translations(routed.page)
    if routed.page.pk not in {page.pk for page in translations}:
        return None
    page = fetch_page(routed.page.pk)
    return None if page is None else KnownRoute(page, request._wagtail_site, translations)


class PageRouteCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            return self.get_response(request)
        try:
            if resolve(request.path_info).url_name != PAGE_URL_NAME:
                return self.get_response(request)
        except Resolver404:
            return self.get_response(request)
        served = []

        def serve_and_route():
            served.append(self.get_response(request))
            return route_to_keep(request, served[0])

        route = remember(route_key(request), serve_and_route, keep=lambda route: route is not None)
        if served:
            return served[0]
        if (routed := routed_to(request, route)) is not None:
            # Where Wagtail looks for the request's site and route before finding them.
            request._wagtail_site = route.site
            request._wagtail_route_for_request = routed
        return self.get_response(request)
