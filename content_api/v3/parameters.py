"""API v3 refuses a query parameter that its operation does not take, as API v2 does:
an app's typo (`?specialy=oncology`) gets a 400 naming it, not a silently unfiltered
list. Ninja itself ignores parameters it was not told about. And `?version=draft`
without a valid token is a 401: Wagtail answers it with the live page, which an app
would take for the draft it asked for."""

from functools import cache

from wagtail.api.v3.api import api
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import problem_response

from condition_pages.sections import PARAMETER as SECTIONS

from .detail_cache import CACHED_OPERATIONS
from .errors import READ_METHODS, bad_request, out_of_range

NAMESPACE = "wagtailapi_v3"
# Page writes, whose bodies Ninja would read only in part (see writes.unknown_fields),
# by method and the url names of the paths they share with reads.
WRITE_OPERATIONS = {
    "POST": ("create_page", {"list_pages", "create_page"}),
    "PATCH": ("update_page", {"detail_page", "update_page"}),
}


def refuse_unknown_fields(request, operation, page_id):
    from .writes import unknown_fields, with_error_paths

    # Only for a valid token: anyone else gets Wagtail's 401 first, and learns nothing.
    if not BearerTokenAuth()(request):
        return None
    errors = unknown_fields(request, operation, page_id)
    if not errors:
        return None
    errors, detail = with_error_paths(errors)
    return problem_response(status=422, detail=detail, errors=errors)


# Reads that take `?version=draft`; the first is the cached route in front of
# Wagtail's detail view (site/urls.py), outside API v3's namespace.
DRAFT_READS = {"api_v3_cached_page_detail", "detail_page", "find_page"}


def refuse_anonymous_draft(request):
    if request.GET.get("version") != "draft" or BearerTokenAuth()(request):
        return None
    response = problem_response(
        status=401,
        detail="version: `draft` needs the bearer token of a user who may edit the page; "
        "without one, leave `version` out for the live page.",
        errors=[
            {
                "type": "token_required",
                "loc": ["query", "version"],
                "msg": "a valid API token is required to read drafts",
            }
        ],
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


# Parameters read ahead of Ninja's view, which does not know them (detail_cache.py).
OWN_PARAMETERS = {"detail_page": frozenset({SECTIONS})}


@cache
def accepted_parameters():
    """{(url name, method): query parameter names} for every operation of API v3."""
    accepted = {}
    for _prefix, router in api._routers:  # ninja keeps its mounted routers here
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                names = {
                    name
                    for model in operation.models
                    if model.__ninja_param_source__ == "query"
                    for name in model.__ninja_flatten_map__
                }
                names |= OWN_PARAMETERS.get(operation.url_name, set())
                for method in operation.methods:
                    accepted[operation.url_name, method] = frozenset(names)
    return accepted


class RejectUnknownParametersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        drafts = request.method in READ_METHODS and match.url_name in DRAFT_READS
        if drafts and (refused := refuse_anonymous_draft(request)) is not None:
            return refused
        url_name = CACHED_OPERATIONS.get(match.url_name)  # answered from the app cache
        if match.namespace != NAMESPACE and url_name is None:
            return None
        url_name = url_name or match.url_name
        operation, url_names = WRITE_OPERATIONS.get(request.method, (None, ()))
        if url_name in url_names:
            return refuse_unknown_fields(request, operation, match.kwargs.get("page_id"))
        if request.method not in READ_METHODS:
            return None
        if (refused := out_of_range(request)) is not None:
            return refused
        accepted = accepted_parameters().get((url_name, "GET"))
        unknown = sorted(set(request.GET) - accepted) if accepted is not None else []
        if not unknown:
            return None
        return bad_request(
            request,
            [
                {
                    "type": "unknown_parameter",
                    "loc": ["query", name],
                    "msg": "not a parameter of this operation; accepted: "
                    + (", ".join(sorted(accepted)) or "none"),
                }
                for name in unknown
            ],
        )
