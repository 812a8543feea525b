"""ConditionPage's API v3 read schemas with every field typed: the whole page, and the
page as `/conditions/` lists it.

Wagtail generates the page's schema from `api_fields`, but types a StreamField as a
list of anything and each v2 serializer field as anything. The subclass here keeps
the generated fields and resolvers (meta, the model's own fields) and gives the body
its typed blocks, and every field of condition_pages.api_fields its shape and a
resolver that knows the request."""

import datetime
from typing import Annotated, get_args, get_origin

from ninja import Schema
from pydantic import Field

from condition_pages.api_fields import PAGE_FIELDS, PAGE_FIELDS_BY_NAME, stream_json
from condition_pages.languages import language_of
from condition_pages.models import ConditionPage
from condition_pages.typed_json.fields import resolve_detail_url, resolve_html_url
from condition_pages.typed_json.stream import stream_item_schema

from .publish_times import DESCRIPTION as PUBLISHED_DESCRIPTION

ConditionStreamItem = stream_item_schema(ConditionPage._meta.get_field("body").stream_block)


def _resolver(field):
    return staticmethod(lambda page, context: field.read(page, context["request"]))


def page_fields(*names, default_of=None):
    """A class body's annotations and resolvers for these fields of
    condition_pages.api_fields, and their defaults if `default_of(field)` gives them
    (without it, each is required)."""
    fields = [PAGE_FIELDS_BY_NAME[name] for name in names]
    namespace = {"__annotations__": {field.name: field.schema for field in fields}}
    for field in fields:
        namespace[f"resolve_{field.name}"] = _resolver(field)
        if default_of:
            namespace[field.name] = default_of(field)
    return namespace


def _empty(field):
    """What the generated schema's optional fields default to: [] for a list."""
    schema = field.schema
    if get_origin(schema) is Annotated:
        schema = get_args(schema)[0]
    return [] if get_origin(schema) is list else None


def typed_condition_page_schema(generated):
    typed = [field.name for field in PAGE_FIELDS if field.schema]
    namespace = page_fields(*typed, default_of=_empty)
    namespace["__annotations__"]["body"] = list[ConditionStreamItem]
    namespace["body"] = []
    namespace["resolve_body"] = staticmethod(
        lambda page, context: stream_json(page, page.body, context)
    )
    return type("ConditionPageSchema", (generated,), {"__module__": __name__, **namespace})


def _condition_summary():
    listed = page_fields(
        "also_known_as",
        "specialties",
        "clinical_codes",
        "hero_image",
        "translations",
        "translation",
    )
    annotations = {
        "id": int,
        "title": str,
        "slug": str,
        "locale": str,
        "summary": str,
        **listed.pop("__annotations__"),
        "last_reviewed": datetime.date | None,
        "next_review_due": datetime.date | None,
        "last_published_at": datetime.datetime | None,
        "html_url": str | None,
        "detail_url": str,
    }
    return type(
        "ConditionSummary",
        (Schema,),
        {
            "__module__": __name__,
            "__doc__": "A condition page as listed by `/conditions/`: enough for an index "
            "or a search\nresult; `detail_url` gives the whole article.",
            "__annotations__": annotations,
            "last_published_at": Field(description=PUBLISHED_DESCRIPTION),
            "locale": Field(description="Its language: `en`, `hi` or `mr`."),
            "resolve_locale": staticmethod(lambda page, context: language_of(page)),
            "resolve_html_url": staticmethod(resolve_html_url),
            "resolve_detail_url": staticmethod(resolve_detail_url),
            **listed,
        },
    )


ConditionSummary = _condition_summary()
