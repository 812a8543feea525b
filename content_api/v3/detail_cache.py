"""Anonymous reads of API v3 answered from the cache, as API v2's details are: the
JSON is kept under the URL and the site's content version (core.app_cache), so a
publish, unpublish, move or privacy change shows in the next answer. Only anonymous
reads are kept or answered from the cache.

- `/api/v3/pages/<id>/`: requests with a token or a session, another query parameter than
  `sections` (drafts, `?version=`) or another method go straight to Wagtail's view.
  `?sections=` (condition_pages.sections) is checked here, where every read of a
  page's detail passes: Wagtail's view would ignore it.
- `/api/v3/conditions/`: every listing but a search (free text would fill the cache
  with one-off answers); requests with a token or a session go straight to the view:
  a typed page password lets a visitor see a private page here too.

Only 200 answers are stored: a bad parameter is answered by the view every time."""

from django.views.decorators.csrf import csrf_exempt

from condition_pages.blocks import ConditionStreamBlock
from condition_pages.sections import PARAMETER as SECTIONS
from condition_pages.sections import UnknownSections, requested_sections
from core.app_cache import is_anonymous_read, remember, url_key

from .errors import bad_request

# The URL names of the views below (site_config.urls), each with the API v3 operation
# it answers for: its query parameters are that operation's (content_api.v3.parameters).
CACHED_OPERATIONS = {
    "api_v3_cached_page_detail": "detail_page",
    "api_v3_cached_conditions_listing": "list_conditions",
}


def ninja_view(name):
    """The view of API v3's URL pattern `name` (Wagtail's, or one of our routers')."""
    from wagtail.api.v3.urls import api  # builds every route: not at import time

    return next(pattern.callback for pattern in api.urls[0] if pattern.name == name)


def wagtail_detail_view():
    return ninja_view("detail_page")


def cached_read(request, prefix, view, **kwargs):
    """`view`'s answer to an anonymous GET from the cache, or from `view`, kept if a 200."""
    return remember(
        url_key(prefix, request),
        lambda: view(request, **kwargs),
        keep=lambda response: response.status_code == 200,
    )


@csrf_exempt  # as Wagtail's view is: it checks tokens and sessions itself
def cached_page_detail(request, page_id):
    view = wagtail_detail_view()
    try:
        requested_sections(request, ConditionStreamBlock.base_blocks)
    except UnknownSections as error:
        return bad_request(
            request, [{"type": "value_error", "loc": ["query", SECTIONS], "msg": str(error)}]
        )
    if request.method != "GET" or set(request.GET) - {SECTIONS} or not is_anonymous_read(request):
        return view(request, page_id=str(page_id))
    return cached_read(request, "api-v3-detail", view, page_id=str(page_id))


@csrf_exempt
def cached_conditions_listing(request):
    view = ninja_view("list_conditions")
    if request.method != "GET" or "search" in request.GET or not is_anonymous_read(request):
        return view(request)
    return cached_read(request, "api-v3-conditions", view)
