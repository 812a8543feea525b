"""schema.org JSON-LD for a condition article, so search engines can show it as
reviewed medical information: a MedicalWebPage about a MedicalCondition, with the
symptoms, tests and treatments taken from the article's own typed blocks, and each
section that covers a health aspect as a part of the page (`hasPart`): a
HealthTopicContent, the CreativeWork that schema.org gives `hasHealthAspect`, about
the condition and linked by its anchor."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .languages import html_lang, language_of

# possibleTreatment expects a MedicalTherapy; these categories have a closer type.
# Supportive care (nutrition, physiotherapy, counselling) is not palliative: it stays
# a MedicalTherapy.
THERAPY_TYPES = {
    "radiotherapy": "RadiationTherapy",
    "pain-relief": "PalliativeProcedure",
    "palliative": "PalliativeProcedure",
}

URGENT = "A sign to get urgent medical help."

# Inside <script>, "</script>" or "<!--" in an editor's text would end the element
# early; escaped like this the JSON means the same.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def with_description(data, description):
    return {**data, "description": description} if description else data


def condition_facts(body):
    """Symptoms, tests and treatments from the article's blocks, in page order."""
    facts = {"signOrSymptom": [], "typicalTest": [], "possibleTreatment": []}
    for block in body:
        if block.block_type == "symptoms":
            facts["signOrSymptom"] += [
                with_description({"@type": "MedicalSignOrSymptom", "name": s["name"]}, s["detail"])
                for s in block.value["symptoms"]
            ]
            # The signs that need urgent help are symptoms too, said to be urgent.
            facts["signOrSymptom"] += [
                {"@type": "MedicalSignOrSymptom", "name": sign, "description": URGENT}
                for sign in block.value["urgent_signs"]
            ]
        elif block.block_type == "diagnosis":
            facts["typicalTest"] += [
                with_description({"@type": "MedicalTest", "name": t["name"]}, t["description"])
                for t in block.value["tests"]
            ]
        elif block.block_type == "treatment":
            facts["possibleTreatment"] += [
                with_description(
                    {
                        "@type": THERAPY_TYPES.get(option["category"], "MedicalTherapy"),
                        "name": option["name"],
                    },
                    option["description"],
                )
                for option in block.value["options"]
            ]
    return {key: value for key, value in facts.items() if value}


def medical_codes(page):
    return [
        {
            "@type": "MedicalCode",
            "codeValue": code.code,
            "codingSystem": code.get_system_display(),
        }
        for code in page.clinical_codes.all()
    ]


def section_parts(body, url, condition_id):
    """Each section with a health aspect (blocks.SectionBlock), in page order."""
    parts = []
    for block in body:
        aspect = getattr(block.block.meta, "health_aspect", None)
        if not aspect:
            continue
        section_url = f"{url}#{block.value.section_id}"
        parts.append(
            {
                "@type": "HealthTopicContent",
                "@id": section_url,
                "url": section_url,
                "name": block.value["heading"],
                "hasHealthAspect": f"https://schema.org/{aspect}",
                "about": {"@id": condition_id},
            }
        )
    return parts


def medical_web_page(page, *, url, site_name, site_url, image_url=None):
    condition_id = f"{url}#condition"
    condition = {
        "@type": "MedicalCondition",
        "@id": condition_id,
        "name": page.title,
        "description": page.summary,
        "url": url,
        **({"alternateName": page.also_known_as_list} if page.also_known_as_list else {}),
        **({"code": codes} if (codes := medical_codes(page)) else {}),
        **condition_facts(page.body),
    }
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": page.seo_title or page.title,
        "description": page.search_description or page.summary,
        "inLanguage": html_lang(language_of(page)),
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": {"@type": "Organization", "name": site_name, "url": site_url},
        "about": condition,
    }
    if parts := section_parts(page.body, url, condition_id):
        data["hasPart"] = parts
    if page.last_published_at:
        data["dateModified"] = page.last_published_at
    if page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed
    if reviewer := page.reviewed_by:
        data["reviewedBy"] = {
            "@type": "Person",
            "name": reviewer.name,
            "jobTitle": reviewer.role,
            **({"honorificSuffix": reviewer.credentials} if reviewer.credentials else {}),
        }
    if image_url:
        data["image"] = image_url
    return data


def json_ld_script(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
