"""The content APIs' boundary: a query that no endpoint could use safely is a 400 with
a JSON reason before any view runs. (A server error under /api/ answers as JSON too:
site_config.errors.server_error.)"""

import re

from django.http import JsonResponse

from wagtail.api.v3.errors import problem_response

# Longer than any id, slug, path or search an app sends; a longer value is a mistake
# or an attack, and each would cost the database or the search backend to refuse.
MAX_PARAMETER_LENGTH = 1000
# NUL, which PostgreSQL refuses inside text (a 500), and the other control
# characters, which no name, path or search contains.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
V2_PREFIX = "/api/v2/"
V3_PREFIX = "/api/v3/"


def api_error(request, status, reason):
    """An error in the shape of the API asked: v2's `{"message": …}`, v3's (and any
    other /api/ path's) RFC 7807 problem+json."""
    if request.path.startswith(V2_PREFIX):
        return JsonResponse({"message": reason}, status=status)
    return problem_response(status=status, detail=reason)


def query_problem(request):
    for name, values in request.GET.lists():
        for text in [name, *values]:
            if CONTROL_CHARACTERS.search(text):
                return f"{name[:50]!r}: control characters (such as NUL) are not allowed"
            if len(text) > MAX_PARAMETER_LENGTH:
                return f"{name[:50]!r}: longer than {MAX_PARAMETER_LENGTH} characters"
    if CONTROL_CHARACTERS.search(request.path):
        return "control characters (such as NUL) are not allowed in the path"
    return None


class APIQueryValidationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and (problem := query_problem(request)):
            return api_error(request, 400, problem)
        return self.get_response(request)
