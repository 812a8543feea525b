"""The shapes of a condition's page-level fields, as API v3 types them and both APIs
give them (condition_pages.api_fields says which field has which shape).

Each resolver reads the request from the schema's validation context, so URLs are
absolute for the site the app asked, and a related page's `detail_url` points at the
API that was asked (API v3's unless the context's DETAIL_URL says otherwise)."""

from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import Field, create_model

from django.urls import reverse

from wagtail.api.utils import get_full_url

from ..clinical_codes import CodingSystem
from ..languages import language_of
from ..renditions import API_RENDITIONS


def v3_detail_url(request, page_id):
    return get_full_url(request, reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page_id}))


class Rendition(Schema):
    url: str = Field(description="Absolute URL of the resized image.")
    width: int
    height: int


Renditions = create_model(
    "Renditions",
    __base__=Schema,
    __doc__="The image resized for apps, one rendition per size.",
    **{
        name: (Rendition, Field(description=f"Wagtail rendition `{spec}`."))
        for name, spec in API_RENDITIONS.items()
    },
)


class ImageWithRenditions(Schema):
    """An image as apps use it: renditions with absolute URLs, and its alt text."""

    id: int
    title: str
    alt_text: str
    width: int
    height: int
    renditions: Renditions


class Specialty(Schema):
    name: str
    slug: str = Field(description="The value of the `specialty` filter of `/conditions/`.")


class ClinicalCode(Schema):
    """A coded identity of the condition; `system:code` is the value of the `code`
    filter of `/conditions/`."""

    system: Literal[tuple(CodingSystem.values)] = Field(
        description="; ".join(f"`{value}`: {label}" for value, label in CodingSystem.choices)
    )
    code: str = Field(description="e.g. `94222008` (SNOMED CT) or `C79.5` (ICD-10).")


class Clinician(Schema):
    """The clinician who last reviewed the article."""

    name: str
    role: str
    credentials: str


# The validation context key of `detail_url(request, page_id)`, for an API other than v3.
DETAIL_URL = "detail_url"


def resolve_html_url(page, context):
    return page.get_full_url(context["request"])


def resolve_detail_url(page, context):
    return context.get(DETAIL_URL, v3_detail_url)(context["request"], page.pk)


class RelatedCondition(Schema):
    """A live, public condition page the editors link to from this one."""

    id: int
    title: str
    summary: str
    html_url: str | None
    detail_url: str

    resolve_html_url = staticmethod(resolve_html_url)
    resolve_detail_url = staticmethod(resolve_detail_url)


class Translation(Schema):
    """The same article in another language (live and public), or in this one."""

    id: int
    locale: str = Field(description="Its language: `en`, `hi` or `mr`.")
    title: str
    html_url: str | None
    detail_url: str

    @staticmethod
    def resolve_locale(page, context):
        return language_of(page)

    resolve_html_url = staticmethod(resolve_html_url)
    resolve_detail_url = staticmethod(resolve_detail_url)


class TranslationState(Schema):
    """For a translation, where it stands against its English source page: out of date
    (`up_to_date: false`) once the English page got a newly approved revision after
    this translation was last approved."""

    source_id: int = Field(description="The English page's id.")
    source_last_reviewed: date | None = Field(
        description="When the English page was last approved by a clinical reviewer."
    )
    up_to_date: bool = Field(
        description="False while the English page has changed since this translation was "
        "approved: show readers that it may be out of date."
    )
