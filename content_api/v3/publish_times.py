"""`meta.last_published_at` on every page API v3 returns, listed or whole, so that an
app can tell which of its copies are out of date without fetching them again (API v2
has it too: content_api.v2.PUBLISH_TIMES).

Wagtail's page schemas give only `first_published_at`. Each registered page schema and
the listing's `BasePageSchema` are replaced by a subclass whose meta has the field too,
before Wagtail's page router builds its unions and responses from them (see
`register`)."""

import datetime

from pydantic import Field

DESCRIPTION = (
    "When the page was last published (ISO 8601, UTC), or null if it never was: an "
    "app's copy made before this time is out of date."
)


def with_last_published_at(schema):
    """A subclass of page schema `schema`, of the same name, whose meta has
    `last_published_at`, read from the page like the meta's other fields."""
    meta = schema.model_fields["meta"].annotation
    meta_with_time = type(meta)(
        meta.__name__,
        (meta,),
        {
            "__module__": meta.__module__,
            "__annotations__": {"last_published_at": datetime.datetime | None},
            "last_published_at": Field(None, description=DESCRIPTION),
        },
    )
    return type(schema)(
        schema.__name__,
        (schema,),
        {"__module__": schema.__module__, "__annotations__": {"meta": meta_with_time}},
    )
