"""The shapes API v3 gives apps for a condition's fields, and their resolvers.

Each resolver reads the request from the schema's validation context, so URLs are
absolute for the site the app asked (as API v2's are) and links point at API v3."""

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field, create_model

from django.urls import reverse

from wagtail.api.utils import get_full_url

from ..clinical_codes import CodingSystem
from ..renditions import API_RENDITIONS, image_representation
from .publish_times import DESCRIPTION as PUBLISHED_DESCRIPTION


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


class Reviewer(Schema):
    """The clinician who last reviewed the article."""

    name: str
    role: str
    credentials: str


def resolve_html_url(page, context):
    return page.get_full_url(context["request"])


def resolve_detail_url(page, context):
    return v3_detail_url(context["request"], page.pk)


class RelatedCondition(Schema):
    """A live, public condition page the editors link to from this one."""

    id: int
    title: str
    summary: str
    html_url: str | None
    detail_url: str

    resolve_html_url = staticmethod(resolve_html_url)
    resolve_detail_url = staticmethod(resolve_detail_url)


def resolve_hero_image(page, context):
    return image_representation(page.hero_image, context["request"])


def resolve_also_known_as(page):
    return page.synonyms


def resolve_clinical_codes(page):
    return page.clinical_codes.all()


class ConditionSummary(Schema):
    """A condition page as listed by `/conditions/`: enough for an index or a search
    result; `detail_url` gives the whole article."""

    id: int
    title: str
    slug: str
    summary: str
    also_known_as: list[str] = Field(description="Other names patients use.")
    specialties: list[Specialty]
    clinical_codes: list[ClinicalCode]
    hero_image: ImageWithRenditions | None
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    last_published_at: datetime.datetime | None = Field(description=PUBLISHED_DESCRIPTION)
    html_url: str | None
    detail_url: str

    resolve_hero_image = staticmethod(resolve_hero_image)

    resolve_also_known_as = staticmethod(resolve_also_known_as)

    resolve_clinical_codes = staticmethod(resolve_clinical_codes)

    resolve_html_url = staticmethod(resolve_html_url)
    resolve_detail_url = staticmethod(resolve_detail_url)
