"""ConditionPage's API v3 read schema with every field typed.

Wagtail generates the schema from `api_fields`, but types a StreamField as a list of
anything and each v2 serializer field as anything. This subclass keeps the generated
fields and resolvers (meta, the model's own fields, the body's representation) and
gives the rest a shape and a resolver that knows the request."""

from ..models import ConditionPage
from .schemas import (
    ClinicalCode,
    ImageWithRenditions,
    RelatedCondition,
    Reviewer,
    Specialty,
    resolve_also_known_as,
    resolve_clinical_codes,
    resolve_hero_image,
)
from .stream import stream_item_schema

ConditionStreamItem = stream_item_schema(ConditionPage._meta.get_field("body").stream_block)


def typed_condition_page_schema(generated):
    class ConditionPageSchema(generated):
        also_known_as: list[str] = []
        specialties: list[Specialty] = []
        hero_image: ImageWithRenditions | None = None
        body: list[ConditionStreamItem] = []
        reviewed_by: Reviewer | None = None
        related_conditions: list[RelatedCondition] = []
        clinical_codes: list[ClinicalCode] = []

        resolve_hero_image = staticmethod(resolve_hero_image)
        resolve_also_known_as = staticmethod(resolve_also_known_as)
        resolve_clinical_codes = staticmethod(resolve_clinical_codes)

        @staticmethod
        def resolve_specialties(page):
            return page.specialties.all()

        @staticmethod
        def resolve_reviewed_by(page):
            return page.reviewed_by

        @staticmethod
        def resolve_related_conditions(page):
            return page.live_related_conditions

    return ConditionPageSchema
