"""Test and benchmark data: factories for the page tree and for each block of an
article's body (wagtail-factories), and a body that holds one of every block type."""

import factory
import wagtail_factories
from wagtail_factories import (
    CharBlockFactory,
    ImageBlockFactory,
    ListBlockFactory,
    StreamBlockFactory,
    StructBlockFactory,
)
from wagtail_factories.blocks import BlockFactory

from wagtail.rich_text import RichText

from condition_pages import blocks
from condition_pages.models import (
    CallToAction,
    Clinician,
    ConditionIndexPage,
    ConditionPage,
    Specialty,
)


def rich_text(html):
    return factory.LazyFunction(lambda: RichText(html))


class SectionBlockFactory(StructBlockFactory):
    """What every section block has: a heading, and an anchor left to derive from it."""

    anchor = ""

    class Meta:
        abstract = True


class RichTextSectionBlockFactory(SectionBlockFactory):
    heading = "Overview"
    body = rich_text("<p>What it is.</p>")

    class Meta:
        model = blocks.RichTextSectionBlock


class SymptomBlockFactory(StructBlockFactory):
    name = "Bone pain"
    detail = ""

    class Meta:
        model = blocks.SymptomBlock


class SymptomsBlockFactory(SectionBlockFactory):
    heading = "Symptoms"
    intro = rich_text("<p>The most common symptom is pain.</p>")
    symptoms = ListBlockFactory(
        SymptomBlockFactory,
        **{"0__name": "Bone pain", "0__detail": "Often worse at night.", "1__name": "Fatigue"},
    )
    urgent_signs = ListBlockFactory(CharBlockFactory, **{"0": "Sudden weakness in the legs"})

    class Meta:
        model = blocks.SymptomsBlock


class MedicalTestBlockFactory(StructBlockFactory):
    name = "CT scan"
    description = "Detailed pictures of bones."

    class Meta:
        model = blocks.MedicalTestBlock


class DiagnosisBlockFactory(SectionBlockFactory):
    heading = "Diagnosis"
    intro = rich_text("<p>Tests you may have:</p>")
    tests = ListBlockFactory(MedicalTestBlockFactory, **{"0__name": "CT scan"})

    class Meta:
        model = blocks.DiagnosisBlock


class TreatmentOptionBlockFactory(StructBlockFactory):
    name = "Radiation therapy"
    category = "radiotherapy"
    description = "High-energy beams."

    class Meta:
        model = blocks.TreatmentOptionBlock


class TreatmentBlockFactory(SectionBlockFactory):
    heading = "Treatment"
    intro = rich_text("<p>Options include:</p>")
    options = ListBlockFactory(TreatmentOptionBlockFactory, **{"0__name": "Radiation therapy"})

    class Meta:
        model = blocks.TreatmentBlock


class PrognosisBlockFactory(SectionBlockFactory):
    heading = "Outlook"
    anchor = "outlook"
    body = rich_text("<p>It depends.</p>")

    class Meta:
        model = blocks.PrognosisBlock


class CalloutBlockFactory(StructBlockFactory):
    variant = "urgent"
    title = "Call 112"
    body = rich_text("<p>If you fall.</p>")

    class Meta:
        model = blocks.CalloutBlock


class CaptionedImageBlockFactory(StructBlockFactory):
    """A new 1600×1200 image with its alt text, or `image__image=` one of the library."""

    image = factory.SubFactory(
        ImageBlockFactory,
        decorative=False,
        alt_text="The spine on an X-ray",
        image__image__title="Spine",
        image__image__file__width=1600,
        image__image__file__height=1200,
    )
    caption = "The spine is a common site."

    class Meta:
        model = blocks.CaptionedImageBlock


class FAQItemBlockFactory(StructBlockFactory):
    question = "Does it hurt?"
    answer = rich_text("<p>Sometimes.</p>")

    class Meta:
        model = blocks.FAQItemBlock


class FAQBlockFactory(SectionBlockFactory):
    heading = "Questions"
    questions = ListBlockFactory(FAQItemBlockFactory, **{"0__question": "Does it hurt?"})

    class Meta:
        model = blocks.FAQBlock


class ReferenceBlockFactory(StructBlockFactory):
    citation = "Coleman RE, 2006."
    url = "https://example.org/ref"

    class Meta:
        model = blocks.ReferenceBlock


class ReferencesBlockFactory(SectionBlockFactory):
    heading = "Sources"
    references = ListBlockFactory(ReferenceBlockFactory, **{"0__citation": "Coleman RE, 2006."})

    class Meta:
        model = blocks.ReferencesBlock


class LinkBlockFactory(StructBlockFactory):
    """A phone number by default; `page=` or `url=` with `phone=""` for the others."""

    page = None
    url = ""
    phone = "+91 22 1234 5678"

    class Meta:
        model = blocks.LinkBlock


class CallToActionBlockFactory(StructBlockFactory):
    headline = "Talk to a specialist"
    text = "Appointments within 24 hours."
    button_label = "Get an appointment"
    link = factory.SubFactory(LinkBlockFactory)

    class Meta:
        model = blocks.CallToActionBlock


class CallToActionFactory(factory.django.DjangoModelFactory):
    headline = "Second opinions within a week"
    text = "Bring your scans."
    button_label = "Ask for one"
    link_phone = "+91 22 1234 5678"

    class Meta:
        model = CallToAction


class CallToActionChooserBlockFactory(BlockFactory):
    snippet = factory.SubFactory(CallToActionFactory)

    class Meta:
        model = blocks.CallToActionChooserBlock

    @classmethod
    def _build(cls, model_class, snippet):
        return snippet

    _create = _build


class ConditionStreamBlockFactory(StreamBlockFactory):
    """An article's body, the wagtail-factories way: `"0": "section"` for a block with
    its factory's content, `"0__section__heading": "About"` to set part of one."""

    symptoms = factory.SubFactory(SymptomsBlockFactory)
    diagnosis = factory.SubFactory(DiagnosisBlockFactory)
    treatment = factory.SubFactory(TreatmentBlockFactory)
    prognosis = factory.SubFactory(PrognosisBlockFactory)
    section = factory.SubFactory(RichTextSectionBlockFactory)
    callout = factory.SubFactory(CalloutBlockFactory)
    image = factory.SubFactory(CaptionedImageBlockFactory)
    faq = factory.SubFactory(FAQBlockFactory)
    references = factory.SubFactory(ReferencesBlockFactory)
    call_to_action = factory.SubFactory(CallToActionBlockFactory)
    reusable_call_to_action = factory.SubFactory(CallToActionChooserBlockFactory)

    class Meta:
        model = blocks.ConditionStreamBlock


def stream(*block_types, **declarations):
    """A body of these block types in order, each with its factory's content, changed by
    `declarations` (ConditionStreamBlockFactory's keys)."""
    return ConditionStreamBlockFactory(
        **{str(index): name for index, name in enumerate(block_types)}, **declarations
    )


# One block of every type but the image (which needs an image file) and the reusable
# call to action (which needs a snippet).
FULL_BODY = [
    "section",
    "symptoms",
    "diagnosis",
    "treatment",
    "prognosis",
    "callout",
    "faq",
    "references",
    "call_to_action",
]


def link_to(page, index=0):
    """Declarations for stream(): the call to action at `index` links to `page` (by
    default it dials a phone number)."""
    return {
        f"{index}__call_to_action__link__page": page,
        f"{index}__call_to_action__link__phone": "",
    }


def full_body(*, cta_page=None, copies=1, **declarations):
    """`copies` times one block of every type (FULL_BODY); each call to action links to
    `cta_page` when given, else to a phone number."""
    block_types = FULL_BODY * copies
    if cta_page:
        for index, name in enumerate(block_types):
            if name == "call_to_action":
                declarations = {**link_to(cta_page, index), **declarations}
    return stream(*block_types, **declarations)


class SpecialtyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Specialty {n}")
    slug = factory.Sequence(lambda n: f"specialty-{n}")

    class Meta:
        model = Specialty
        django_get_or_create = ["slug"]


class ClinicianFactory(factory.django.DjangoModelFactory):
    name = "Dr Asha Rao"
    role = "Consultant orthopaedic oncologist"
    credentials = "MBBS, MS (Ortho)"

    class Meta:
        model = Clinician


class ConditionIndexPageFactory(wagtail_factories.PageFactory):
    title = "Conditions A to Z"
    slug = "conditions"

    class Meta:
        model = ConditionIndexPage


class ConditionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Condition {n}")
    summary = factory.LazyAttribute(lambda page: f"A short summary of {page.title.lower()}.")
    body = factory.LazyFunction(full_body)

    class Meta:
        model = ConditionPage
