"""Test and benchmark data: factories for the page tree and a body that holds one of
every block type."""

import factory
import wagtail_factories

from condition_pages.models import Clinician, ConditionIndexPage, ConditionPage, Specialty


def full_body(*, cta_page=None):
    """Raw StreamField data with every block type of a condition article."""
    link = (
        {"page": cta_page.pk, "url": "", "phone": ""} if cta_page else {"phone": "+91 22 1234 5678"}
    )
    return [
        {
            "type": "section",
            "value": {"heading": "Overview", "anchor": "", "body": "<p>What it is.</p>"},
        },
        {
            "type": "symptoms",
            "value": {
                "heading": "Symptoms",
                "anchor": "",
                "intro": "<p>The most common symptom is pain.</p>",
                "symptoms": [
                    {"name": "Bone pain", "detail": "Often worse at night."},
                    {"name": "Fatigue", "detail": ""},
                ],
                "urgent_signs": ["Sudden weakness in the legs"],
            },
        },
        {
            "type": "diagnosis",
            "value": {
                "heading": "Diagnosis",
                "anchor": "",
                "intro": "<p>Tests you may have:</p>",
                "tests": [{"name": "CT scan", "description": "Detailed pictures of bones."}],
            },
        },
        {
            "type": "treatment",
            "value": {
                "heading": "Treatment",
                "anchor": "",
                "intro": "<p>Options include:</p>",
                "options": [
                    {
                        "name": "Radiation therapy",
                        "category": "radiotherapy",
                        "description": "High-energy beams.",
                    }
                ],
            },
        },
        {
            "type": "prognosis",
            "value": {"heading": "Outlook", "anchor": "outlook", "body": "<p>It depends.</p>"},
        },
        {
            "type": "callout",
            "value": {"variant": "urgent", "title": "Call 112", "body": "<p>If you fall.</p>"},
        },
        {
            "type": "faq",
            "value": {
                "heading": "Questions",
                "anchor": "",
                "questions": [{"question": "Does it hurt?", "answer": "<p>Sometimes.</p>"}],
            },
        },
        {
            "type": "references",
            "value": {
                "heading": "Sources",
                "anchor": "",
                "references": [{"citation": "Coleman RE, 2006.", "url": "https://example.org/ref"}],
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "headline": "Talk to a specialist",
                "text": "Appointments within 24 hours.",
                "button_label": "Get an appointment",
                "link": link,
            },
        },
    ]


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
