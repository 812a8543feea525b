"""API v3 refuses a query parameter that its operation does not take, as API v2 does:
an app's typo (`?specialy=oncology`) gets a 400 naming it, not a silently unfiltered
list. Ninja itself ignores parameters it was not told about."""

from functools import cache

from wagtail.api.v3.api import api

from .errors import READ_METHODS, bad_request

NAMESPACE = "wagtailapi_v3"


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
        if match.namespace != NAMESPACE or request.method not in READ_METHODS:
            return None
        accepted = accepted_parameters().get((match.url_name, "GET"))
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
