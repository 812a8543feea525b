"""A condition page's API fields, described once for API v2 and API v3.

PAGE_FIELDS lists every page-level field both APIs give, in their order. A field that
is more than a model column (other names, specialties, hero image, review record,
related conditions, clinical codes) has its shape (`schema`, a pydantic schema from
typed_json/fields.py) and how it is read from a page (`read`) here, once:
`ConditionPage.api_fields` (API v2, and what Wagtail generates API v3 from) is made
from this list, and v2 serialises each such value through the same schema that types
it in v3 (`SchemaField`), so the two APIs cannot give different JSON.

What stays API-specific, and why:
- Model columns (summary, body, review dates, content owner) have no `schema`: each
  API types them from the model itself (Wagtail's serializers in v2, its generated
  schema in v3), which is also what lets v3 write them (`writable`).
- The body's typed blocks: v2 has Wagtail's StreamField serializer, v3 a schema per
  block (typed_json/stream.py, from the blocks' own `api_schema()`).
- A related condition's `detail_url` points at the API that was asked, so each API
  says how to make it (`DETAIL_URL` in the schema's context; v3's own by default).
- Writes exist only in v3, whose write shapes differ from these read shapes (a
  specialty by slug, an image or page by id: content_api/v3/writes.py).
"""

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import Field, TypeAdapter
from rest_framework import serializers

from wagtail.api import APIField
from wagtail.api.utils import get_full_url

from .languages import in_language, language_of
from .renditions import image_representation
from .translations import live_translations, translation_state
from .typed_json.fields import (
    DETAIL_URL,
    ClinicalCode,
    Clinician,
    ImageWithRenditions,
    RelatedCondition,
    Specialty,
    Translation,
    TranslationState,
)


@dataclass(frozen=True)
class PageAPIField:
    name: str
    # The field's shape, or None for a model column that each API types itself.
    schema: Any = None
    # (page, request) -> the value the schema validates.
    read: Any = None
    # API v3 takes it in the shape it gives it (only model columns: see the docstring).
    writable: bool = False

    def as_json(self, page, request, context=None):
        """The field's JSON value for `page`, as both APIs give it."""
        adapter = _adapter(self.schema)
        value = adapter.validate_python(
            self.read(page, request), context={"request": request, **(context or {})}
        )
        return adapter.dump_python(value, mode="json")

    def api_field(self):
        """The field in `api_fields`: API v2 gives it, API v3 generates from it."""
        if self.schema is None:
            return APIField(self.name, writable=self.writable)
        return APIField(self.name, serializer=SchemaField(self))


def stream_json(page, stream, context):
    """A StreamField's typed JSON as both APIs give it: its blocks are told the page
    they are on (`page` in the context), as the HTML's are, so that a call to action's
    link to the appointment form carries the page's `?condition=`."""
    return stream.stream_block.get_api_representation(stream, {**context, "page": page})


@cache
def _adapter(schema):
    return TypeAdapter(schema)


class SchemaField(serializers.Field):
    """API v2's serializer field for a PageAPIField: its value dumped through the
    schema API v3 gives it with, its related pages' `detail_url` pointing at v2."""

    def __init__(self, field):
        self.field = field
        super().__init__(source="*", read_only=True)

    def to_representation(self, page):
        request = self.context.get("request")
        router = self.context["router"]

        def detail_url(request, page_id):
            return get_full_url(request, router.get_object_detail_urlpath(type(page), page_id))

        return self.field.as_json(page, request, {DETAIL_URL: detail_url})


PAGE_FIELDS = [
    PageAPIField("summary", writable=True),
    PageAPIField(
        "also_known_as",
        Annotated[list[str], Field(description="Other names patients use.")],
        lambda page, request: page.also_known_as_list,
    ),
    PageAPIField(
        "specialties",
        list[Specialty],
        # In the page's language (the English name until one is translated).
        lambda page, request: in_language(page.specialties.all(), language_of(page), request),
    ),
    PageAPIField(
        "hero_image",
        ImageWithRenditions | None,
        lambda page, request: image_representation(page.hero_image, request),
    ),
    PageAPIField("body", writable=True),
    PageAPIField("last_reviewed"),
    PageAPIField("next_review_due"),
    PageAPIField(
        "reviewed_by",
        Clinician | None,
        lambda page, request: page.reviewed_by,
    ),
    PageAPIField("content_owner", writable=True),
    PageAPIField(
        "related_conditions",
        list[RelatedCondition],
        lambda page, request: page.live_related_conditions,
    ),
    PageAPIField(
        "clinical_codes",
        list[ClinicalCode],
        lambda page, request: list(page.clinical_codes.all()),
    ),
    PageAPIField(
        "translations",
        Annotated[
            list[Translation],
            Field(description="The article in every language it is live in, this one included."),
        ],
        lambda page, request: live_translations(page),
    ),
    PageAPIField(
        "translation",
        Annotated[
            TranslationState | None,
            Field(description="For a translation, its English source; null for English pages."),
        ],
        lambda page, request: translation_state(page),
    ),
]

PAGE_FIELDS_BY_NAME = {field.name: field for field in PAGE_FIELDS}
