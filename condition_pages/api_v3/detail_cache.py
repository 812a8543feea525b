"""Anonymous reads of `/api/v3/pages/<id>/` answered from the cache, as API v2's
details are: the JSON is stored under the URL and the site's content version (see
condition_pages/content_version.py), so a publish, unpublish, move or privacy
change shows in the next answer. Requests with a token, another query parameter than
`sections` (drafts, `?version=`) or another method go straight to Wagtail's view.

`?sections=` (condition_pages.sections) is checked here, where every read of a
page's detail passes: Wagtail's view would ignore it."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from wagtail.api.v3.urls import api

from ..blocks import ConditionStreamBlock
from ..content_version import content_version
from ..sections import PARAMETER as SECTIONS
from ..sections import UnknownSections, requested_sections
from .errors import bad_request

CACHE_SECONDS = 3600


def wagtail_detail_view():
    return next(pattern.callback for pattern in api.urls[0] if pattern.name == "detail_page")


@csrf_exempt  # as Wagtail's view is: it checks tokens and sessions itself
def cached_page_detail(request, page_id):
    view = wagtail_detail_view()
    try:
        sections = requested_sections(request, ConditionStreamBlock.base_blocks)
    except UnknownSections as error:
        return bad_request(
            request, [{"type": "value_error", "loc": ["query", SECTIONS], "msg": str(error)}]
        )
    if (
        request.method != "GET"
        or set(request.GET) - {SECTIONS}
        or "HTTP_AUTHORIZATION" in request.META
    ):
        return view(request, page_id=str(page_id))
    # The page's URL and the sections asked for, in one spelling however they were asked.
    url = request.build_absolute_uri(request.path)
    url = hashlib.sha256(f"{url}:{sorted(sections or [])}".encode()).hexdigest()
    key = f"api-v3-detail:{url}:{content_version(request)}"
    if (content := cache.get(key)) is not None:
        return HttpResponse(content, content_type="application/json")
    response = view(request, page_id=str(page_id))
    if response.status_code == 200:
        cache.set(key, response.content, CACHE_SECONDS)
    return response
