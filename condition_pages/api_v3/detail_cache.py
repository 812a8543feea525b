"""Anonymous reads of `/api/v3/pages/<id>/` answered from the cache, as API v2's
details are: the JSON is stored under the URL and the site's content version (see
condition_pages/content_version.py), so a publish, unpublish, move or privacy
change shows in the next answer. Requests with a token, a query string (drafts,
`?version=`) or another method go straight to Wagtail's view."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from wagtail.api.v3.urls import api

from ..content_version import content_version

CACHE_SECONDS = 3600


def wagtail_detail_view():
    return next(pattern.callback for pattern in api.urls[0] if pattern.name == "detail_page")


@csrf_exempt  # as Wagtail's view is: it checks tokens and sessions itself
def cached_page_detail(request, page_id):
    view = wagtail_detail_view()
    if request.method != "GET" or request.GET or "HTTP_AUTHORIZATION" in request.META:
        return view(request, page_id=str(page_id))
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    key = f"api-v3-detail:{url}:{content_version(request)}"
    if (content := cache.get(key)) is not None:
        return HttpResponse(content, content_type="application/json")
    response = view(request, page_id=str(page_id))
    if response.status_code == 200:
        cache.set(key, response.content, CACHE_SECONDS)
    return response
