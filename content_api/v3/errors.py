"""A bad query on API v3 is a 400 problem+json that says what is wrong, never a 500.

Wagtail answers every invalid parameter with 422, the status it uses for invalid
request bodies. A GET has no body: whatever fails validation there is in its query or
path, so it is a 400 (RFC 7807 shape and `errors` list kept). Bodies of writes keep
Wagtail's 422. Wagtail 8.0.1 also lets a few values reach the database unchecked and
fail there as a 500; those become 400s too, each recognised by its cause so that a
real server error still is one. A response that breaks its own schema is a server
error, not the client's 422."""

import json

from ninja import Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError

from wagtail.api.v3.errors import problem_response

from core.limits import MAX_DATABASE_INTEGER, exceeds_database_integer, is_database_integer

from .writes import with_error_paths

READ_METHODS = {"GET", "HEAD"}


class ProblemError(Schema):
    """One thing wrong with a request."""

    type: str = Field(description="What kind of error (`missing`, `string_too_short`…).")
    loc: list[str | int] = Field(description="Where it is: `query` or `body`, then the path.")
    msg: str = Field(description="What is wrong, for a person.")
    path: str | None = Field(
        None,
        description="In a body: the value at fault in the terms of what was sent, "
        "e.g. `body[2].value.symptoms[0].name`.",
    )


class Problem(Schema):
    """Every error answer of the API (RFC 9457 problem details,
    `application/problem+json`)."""

    type: str = Field(description="A URI naming the kind of problem; `about:blank` by default.")
    title: str = Field(description="The HTTP status's phrase.")
    status: int
    detail: str = Field("", description="What went wrong, for a person.")
    errors: list[ProblemError] | None = Field(
        None, description="Each thing wrong with the request (400 and 422)."
    )

    model_config = {"extra": "allow"}


def problem_response_schema(description, **extra):
    """An error answer in an operation's description: the shared Problem schema."""
    content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {"description": description, "content": content, **extra}


# Operations whose query values Django converts, and refuses with a ValueError, only
# as it builds the SQL: revisions' ?user_id=abc, find/'s ?site=host:abc or a host
# name that two sites share, a translatable snippet's ?translation_of=abc.
UNCHECKED_VALUE_OPERATIONS = {
    "find_page",
    "list_page_revisions",
    "list_snippet_revisions",
    "list_snippets",
}


def _describe(error, parameters):
    """ "child_of: Input should be a valid integer": the parameter, then the problem.
    Ninja's location may name the schema that groups parameters (`filters`) before
    the parameter itself, so the name of a parameter the request gave wins."""
    names = [part for part in error.get("loc", ()) if isinstance(part, str)]
    names = [name for name in names if name not in ("query", "path", "body")]
    parameter = next((name for name in names if name in parameters), names[0] if names else "")
    return f"{parameter}: {error['msg']}" if parameter else error["msg"]


def bad_request(request, errors):
    parameters = {*request.GET, *(request.resolver_match.kwargs if request.resolver_match else ())}
    detail = "; ".join(dict.fromkeys(_describe(error, parameters) for error in errors))
    return problem_response(status=400, detail=detail, errors=errors)


def _out_of_range_parameters(request):
    return [
        name
        for name, values in request.GET.lists()
        for value in values
        if exceeds_database_integer(value)
    ]


def out_of_range(request):
    """A 400 naming the query parameters beyond what the database can hold, or None.
    Checked before the view runs (parameters.py), so the database never sees them: on
    PostgreSQL a refused value would also abort the transaction it ran in."""
    names = _out_of_range_parameters(request)
    if not names:
        return None
    return bad_request(
        request,
        [
            {
                "type": "out_of_range",
                "loc": ["query", name],
                "msg": f"must be at most {MAX_DATABASE_INTEGER}",
            }
            for name in names
        ],
    )


# psycopg2's refusal of a text value holding U+0000, which PostgreSQL cannot store.
NUL_REFUSED = "cannot contain NUL (0x00) characters"


def nul_locations(value, loc=("body", "data")):
    """Where in a JSON body a string holds U+0000, located as Ninja locates a body's
    fields (so that `error_path` names them as the client sent them)."""
    if isinstance(value, str):
        return [list(loc)] if "\x00" in value else []
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return []
    return [found for key, item in items for found in nul_locations(item, (*loc, key))]


def refused_nul(request):
    """A 422 naming each value of the body that holds U+0000, or None."""
    try:
        locations = nul_locations(json.loads(request.body or b"null"))
    except ValueError:
        return None
    if not locations:
        return None
    errors, detail = with_error_paths(
        [
            {
                "type": "string_type",
                "loc": loc,
                "msg": "control characters (such as NUL) are not allowed",
            }
            for loc in locations
        ]
    )
    return problem_response(status=422, detail=detail, errors=errors)


def register_exception_handlers(api):
    # Wagtail's own handlers, registered as its API module was imported.
    wagtail_validation_error = api._exception_handlers[NinjaValidationError]
    wagtail_unhandled_error = api._exception_handlers[Exception]

    def validation_error(request, exc):
        if isinstance(exc, PydanticValidationError) and any(
            error["loc"][:1] == ("response",) for error in exc.errors()
        ):
            return wagtail_unhandled_error(request, exc)
        response = wagtail_validation_error(request, exc)
        if request.method not in READ_METHODS:
            errors, detail = with_error_paths(json.loads(response.content).get("errors") or [])
            return problem_response(status=422, detail=detail, errors=errors)
        return bad_request(request, json.loads(response.content).get("errors") or [])

    def value_out_of_range(request, exc):
        refused = out_of_range(request) if request.method in READ_METHODS else None
        return wagtail_unhandled_error(request, exc) if refused is None else refused

    def unchecked_value(request, exc):
        if NUL_REFUSED in str(exc) and request.method not in READ_METHODS:
            # Fields Wagtail's own actions look up unchecked (a locale code, …): the
            # database refuses the lookup, so name what was sent.
            refused = refused_nul(request)
            if refused is not None:
                return refused
        match = request.resolver_match
        if match and not is_database_integer(match.kwargs.get("pk", "0")):
            # A snippet's key in the path, which Wagtail looks up unchecked: every
            # snippet here has a number as its key, so any other names none.
            return problem_response(status=404, detail="Not found")
        if request.method not in READ_METHODS or (
            not match or match.url_name not in UNCHECKED_VALUE_OPERATIONS
        ):
            return wagtail_unhandled_error(request, exc)
        return bad_request(request, [{"type": "value_error", "loc": ["query"], "msg": str(exc)}])

    for exception_class in (NinjaValidationError, PydanticValidationError, DjangoValidationError):
        api.add_exception_handler(exception_class, validation_error)
    # PostgreSQL refuses an OFFSET beyond a bigint; SQLite overflows converting it, or
    # calls it a "datatype mismatch" (IntegrityError) when it is beyond 2**64.
    api.add_exception_handler(DataError, value_out_of_range)
    api.add_exception_handler(IntegrityError, value_out_of_range)
    api.add_exception_handler(OverflowError, value_out_of_range)
    api.add_exception_handler(ValueError, unchecked_value)
