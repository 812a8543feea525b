"""The content APIs' boundary: a query or a body that no endpoint could use safely is a
400 with a JSON reason before any view runs, and an unknown path or method is a JSON 404
or 405. (A server error under /api/ answers as JSON too: site_config.errors.server_error.)"""

import json
import re

from django.http import JsonResponse

from wagtail.api.v3.errors import problem_response

# Longer than any id, slug, path or search an app sends; a longer value is a mistake
# or an attack, and each would cost the database or the search backend to refuse.
MAX_PARAMETER_LENGTH = 1000
# NUL, which PostgreSQL refuses inside text (a 500), and the other control
# characters, which no name, path or search contains.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# No page, block or request an app writes nests deeper than this; Python's JSON parser
# and our own recursive checks stop at about 1,000 levels with a RecursionError (a 500).
MAX_JSON_DEPTH = 32
JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
JSON_BRACKET = re.compile(rb"[][{}]")
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


def json_depth(body):
    """How deeply a JSON body nests its arrays and objects, without parsing it: the
    brackets outside its strings, counted (malformed JSON is the parser's to refuse)."""
    depth = deepest = 0
    for bracket in JSON_BRACKET.findall(JSON_STRING.sub(b"", body)):
        depth += 1 if bracket in b"[{" else -1
        deepest = max(deepest, depth)
    return deepest


FORM_CONTENT_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def not_an_object(request):
    """Every JSON body the APIs take is an object: ninja reads a list, a number, a
    string, `true` or `null` as if it were one and fails on it with a 500. (Malformed
    JSON and uploads, which are forms, are left to the view.)"""
    if request.content_type in FORM_CONTENT_TYPES or not request.body.strip():
        return False
    try:
        return not isinstance(json.loads(request.body), dict)
    except ValueError:
        return False


def body_problem(request):
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    if json_depth(request.body) > MAX_JSON_DEPTH:
        return f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels"
    if not_an_object(request):
        return "the body must be a JSON object"
    return None


# Answers that the URL resolver or a view's method check gives as HTML (an unknown
# path falls through to Wagtail's page serving): under /api/, in the API's shape.
ROUTING_ERRORS = {
    404: "No API endpoint has this path.",
    405: "This endpoint does not take this method.",
}


def in_api_shape(request, response):
    if response.status_code not in ROUTING_ERRORS or "json" in response.get("Content-Type", ""):
        return response
    answer = api_error(request, response.status_code, ROUTING_ERRORS[response.status_code])
    if response.has_header("Allow"):
        answer["Allow"] = response["Allow"]
    return answer


class APIQueryValidationMiddleware:
    """After the body limit (site_config.middleware), so a body it reads is bounded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        if problem := query_problem(request) or body_problem(request):
            return api_error(request, 400, problem)
        return in_api_shape(request, self.get_response(request))
