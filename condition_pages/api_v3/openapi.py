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
