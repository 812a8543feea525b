"""Corrections to the OpenAPI description that Wagtail 8.0 generates, so that it
validates and client generators accept it."""

ANONYMOUS_SCHEME = "AllowAnonymous"


def describe_anonymous_access(api):
    """Wagtail marks public reads with an `AllowAnonymous` security scheme of type
    `http` without a `scheme`, which OpenAPI 3.1 forbids. OpenAPI's own way to say
    "no credentials needed" is an empty security requirement, `{}`."""
    generate = api.get_openapi_schema

    def get_openapi_schema(**kwargs):
        schema = generate(**kwargs)
        schema.get("components", {}).get("securitySchemes", {}).pop(ANONYMOUS_SCHEME, None)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "security" in operation:
                    operation["security"] = [
                        {} if ANONYMOUS_SCHEME in requirement else requirement
                        for requirement in operation["security"]
                    ]
        return schema

    api.get_openapi_schema = get_openapi_schema


def describe_sections_parameter(api):
    """`?sections=` of a page's detail, which condition_pages.api_v3.detail_cache
    handles ahead of Wagtail's view (so Ninja does not know it)."""
    from ..blocks import ConditionStreamBlock
    from ..sections import PARAMETER

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
