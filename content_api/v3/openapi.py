"""Corrections to the OpenAPI description that Wagtail 8.0 generates, so that it
validates and client generators make what an app needs of it."""

from django.conf import settings

from core.limits import MAX_DATABASE_INTEGER

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


def describe_public_reads_and_limits(api):
    generate = api.get_openapi_schema

    def get_openapi_schema(**kwargs):
        schema = generate(**kwargs)
        schema.get("components", {}).get("securitySchemes", {}).pop(ANONYMOUS_SCHEME, None)
        for operations in schema["paths"].values():
            for operation in operations.values():
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
