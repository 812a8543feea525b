"""Corrections to the OpenAPI description that Wagtail 8.0 generates, so that it
validates and client generators make what an app needs of it."""

from django.conf import settings

from core.limits import MAX_DATABASE_INTEGER

from .errors import Problem, problem_response_schema

ANONYMOUS_SCHEME = "AllowAnonymous"
ANONYMOUS_READ = (
    "No token needed: anonymous reads see live, public pages. A bearer token "
    "(`Authorization: Bearer …`) is accepted too, and needed for `version=draft`."
)


def _public(operation):
    """A read that anyone may make is described with no security requirement.

    Wagtail lists an `AllowAnonymous` scheme of type `http` without a `scheme`, which
    OpenAPI 3.1 forbids; OpenAPI's own "optional" form, `[{}, {"BearerTokenAuth": []}]`,
    makes openapi-python-client demand an AuthenticatedClient for every read (it asks
    only whether `security` is empty), and an app with a dummy token then loses the
    shared cache. So: no requirement, and the token's use said in the description."""
    requirements = operation.get("security")
    if requirements is None or not any(
        ANONYMOUS_SCHEME in requirement or not requirement for requirement in requirements
    ):
        return
    del operation["security"]
    description = operation.get("description", "")
    operation["description"] = f"{description}\n\n{ANONYMOUS_READ}".strip()


def _parameters(operation):
    """`limit` and `offset` with the bounds the API enforces (a 400 beyond them), and
    what `version=draft` needs (a 401 without it)."""
    for parameter in operation.get("parameters", []):
        if parameter["name"] == "version" and operation.get("operationId", "").startswith("pages_"):
            parameter.setdefault(
                "description",
                "`live` (the default) or `draft`, the latest revision, which needs the "
                "bearer token of a user who may edit the page: without one, a 401.",
            )
        schema = parameter.get("schema", {})
        # Wagtail's own listings leave `limit` unbounded in the schema; ours (e.g.
        # /changes/) declare their own maximum, which stands.
        if parameter["name"] == "limit" and settings.WAGTAILAPI_LIMIT_MAX:
            if "maximum" in schema:
                continue
            schema["maximum"] = settings.WAGTAILAPI_LIMIT_MAX
            parameter.setdefault(
                "description", f"Items per page, at most {settings.WAGTAILAPI_LIMIT_MAX}."
            )
        elif parameter["name"] == "offset":
            schema["maximum"] = MAX_DATABASE_INTEGER
            parameter.setdefault("description", "Items to skip.")


def _optional_body(operation):
    """An optional body is described by its schema alone. Wagtail gives actions such
    as `unpublish` and `copy` `{"allOf": [{"$ref": …}], "default": {…}}`, and
    openapi-python-client then leaves those operations out of the client; the default
    says no more than the schema's own field defaults, which the server applies to an
    absent body."""
    body = operation.get("requestBody")
    if not body or body.get("required"):
        return
    for media in body.get("content", {}).values():
        schema = media.get("schema", {})
        if "default" in schema and len(schema.get("allOf", ())) == 1:
            media["schema"] = schema["allOf"][0]


ERRORS = {
    400: "A query or path parameter is invalid (each one in `errors`), or the body is "
    "not a JSON object.",
    401: "No bearer token, or one that is unknown, revoked or expired (or `version=draft` "
    "without one).",
    403: "The token's user may not do this.",
    404: "Nothing has this id, or the caller may not see it.",
    422: "The body breaks a rule: each error's `path` names the value at fault, as sent.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def _errors(path, method, operation):
    """Every operation's error answers, described by the one Problem schema (which an
    operation's own description of an error, e.g. a 429, is made to use too)."""
    responses = operation.setdefault("responses", {})
    statuses = {400, 404} if "{" in path else {400}
    parameters = {parameter["name"] for parameter in operation.get("parameters", [])}
    if operation.get("security") or "version" in parameters:
        statuses |= {401, 403}
    if method in WRITE_METHODS:
        statuses.add(422)
    for status, response in list(responses.items()):
        if int(status) >= 400:
            responses[status] = problem_response_schema(
                response.get("description", ""),
                **({"headers": response["headers"]} if "headers" in response else {}),
            )
    described = {int(status) for status in responses}
    for status in sorted(statuses - described):
        responses[status] = problem_response_schema(ERRORS[status])


def _problem_components(components):
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(schema.pop("$defs", {}))
    components["Problem"] = schema


def _patches_without_defaults(components):
    """A PATCH changes only what it sends: its schemas give no default, which client
    generators would send for every field left out (a title-only PATCH turned
    `show_in_menus` off, and sent an image's `description` as "")."""
    for name, component in components.items():
        if name.endswith("PatchSchema"):
            for field in component.get("properties", {}).values():
                field.pop("default", None)


MOVE_POSITION = (
    "Where the page goes relative to `destination_id`: `first-child` or `last-child` "
    "(under it), `left`, `right`, `first-sibling` or `last-sibling` (beside it). "
    "Left out, the page goes beside the destination, as the last of its siblings "
    "(not under it): send `last-child` to move a page into a section. Beside the "
    "root page is a 422."
)


def _move_position(components):
    """Wagtail leaves what a move without `position` does unsaid."""
    position = components.get("PageMoveSchema", {}).get("properties", {}).get("position")
    if position is not None:
        position["description"] = MOVE_POSITION


def describe_public_reads_and_limits(api):
    generate = api.get_openapi_schema

    def get_openapi_schema(**kwargs):
        schema = generate(**kwargs)
        components = schema.setdefault("components", {})
        components.get("securitySchemes", {}).pop(ANONYMOUS_SCHEME, None)
        _problem_components(components.setdefault("schemas", {}))
        _patches_without_defaults(components["schemas"])
        _move_position(components["schemas"])
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                _errors(path, method, operation)
                _public(operation)
                _parameters(operation)
                _optional_body(operation)
        return schema

    api.get_openapi_schema = get_openapi_schema


def describe_sections_parameter(api):
    """`?sections=` of a page's detail, which content_api.v3.detail_cache
    handles ahead of Wagtail's view (so Ninja does not know it)."""
    from condition_pages.blocks import ConditionStreamBlock
    from condition_pages.sections import PARAMETER

    names = list(ConditionStreamBlock.base_blocks)
    parameter = {
        "name": PARAMETER,
        "in": "query",
        "required": False,
        "description": "Condition pages only: comma-separated block types; the `body` then "
        "holds only the blocks of those types, in page order (e.g. `symptoms,treatment`). "
        f"Allowed: {', '.join(names)}. An unknown name is a 400 naming `{PARAMETER}`.",
        "schema": {"type": "string", "pattern": f"^({'|'.join(names)})(,({'|'.join(names)}))*$"},
        "example": "symptoms,treatment",
    }
    generate = api.get_openapi_schema

    def get_openapi_schema(**kwargs):
        schema = generate(**kwargs)
        for operations in schema["paths"].values():
            operation = operations.get("get") or {}
            if operation.get("operationId") == "pages_detail":
                operation.setdefault("parameters", []).append(parameter)
        return schema

    api.get_openapi_schema = get_openapi_schema
