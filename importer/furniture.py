"""What on the old site's pages is not article text: the booking banner, which becomes
the page's call to action, promotion, which becomes the closing call to action, and
page furniture (doctor lists, counters, testimonials, buttons, navigation), which is
dropped. Each rule says why, and the report gives that reason for what it dropped."""

import re

from django.conf import settings

from .text import comparable, sentences, squash, words

BOOKING = [
    re.compile(pattern, re.I)
    for pattern in (
        r"^expert cancer care\b",
        r"\bis one call away\b",
        r"\bappointments? in as little as\b",
    )
]
# Short texts that are the site's own controls and widgets, never article text.
FURNITURE = [
    (re.compile(pattern, re.I), why)
    for pattern, why in (
        (r"^(get|book|request) an? (appointment|consultation|call ?back)\W*$", "a button"),
        (r"^(read more|know more|learn more|view all|view profile|share( this)?)\W*$", "a link"),
        (r"^(all|our|meet our|find a) doctors?\W*$", "the doctor list"),
        (r"^(happy|satisfied) patients\W*$", "a counter"),
        (r"^\d[\d,.]*\s*\+\s*[a-z ]{0,30}$", "a counter"),
        (
            r"^\d[\d,.]*\s*(happy |satisfied )?(patients|surgeries|doctors|specialists|beds"
            r"|years of experience)\W*$",
            "a counter",
        ),
        (r"^patients? can trust other patients?\b", "the testimonials"),
        (r"^(testimonials?|what our patients say|patient stories)\W*$", "the testimonials"),
        (r"^(home|about us|contact( us)?|privacy policy|terms.*|sitemap)\W*$", "navigation"),
        (r"^(home\s*[>»/›].*)$", "the breadcrumb"),
        (r"^(©|copyright\b).*", "the footer"),
        (r"^(call us|whatsapp|emergency)\b.*\d{3}.*$", "the header's phone numbers"),
        (
            r"^(related (posts|articles|conditions)|you may also like|recent posts)\W*$",
            "a link list",
        ),
        (r"^(last updated|posted on|published on)\b.*$", "the page's date line"),
    )
]
DOCTOR = re.compile(r"^(?i:dr\.?|prof\.?)\s+[A-Z][\w.]*(\s+[A-Z][\w.]*){0,3}$")
# After a doctor's name: designation, degrees, experience.
DOCTOR_DETAIL = re.compile(
    r"(consultant|surgeon|oncologist|specialist|director|head|physician|mbbs|\bmd\b|\bms\b"
    r"|mch|dnb|frcs|mrcp|years? of experience|experience)",
    re.I,
)
TESTIMONIAL = re.compile(r"^[\"“].+[\"”]\s*[-–—]\s*\w+")
PROMOTION = [
    re.compile(pattern, re.I)
    for pattern in (
        r"\bget in touch with (our|us)\b",
        r"\bcontact (us|our)\b",
        r"\bdiscover (advanced|expert|the best|world-class)\b",
        r"\bour (expert |experienced |dedicated )?(team|specialists|doctors)\b"
        r".*\b(offer|provide)s?\b",
        r"\bbook (an|your) (appointment|consultation)\b",
    )
]


def hospital_names():
    return [name for name in settings.IMPORTER_HOSPITAL_NAMES if name]


def is_booking(text):
    return any(pattern.search(squash(text)) for pattern in BOOKING)


def furniture_reason(text, *, after_doctor=False):
    """Why `text` is page furniture, or None if it may be article text."""
    text = squash(text)
    for pattern, why in FURNITURE:
        if pattern.search(text):
            return why
    if DOCTOR.match(text):
        return "the doctor list"
    if (
        after_doctor
        and len(words(text)) <= 10
        and not text.endswith(".")
        and (DOCTOR_DETAIL.search(text) or not re.search(r"[a-z]{4,}", text))
    ):
        return "the doctor list"
    if TESTIMONIAL.match(text):
        return "the testimonials"
    return None


def is_promotion(sentence):
    sentence = squash(sentence)
    if any(pattern.search(sentence) for pattern in PROMOTION):
        return True
    return any(f" {comparable(name)} " in f" {comparable(sentence)} " for name in hospital_names())


def is_promotional_paragraph(text):
    """A paragraph of marketing: it opens with promotion and is mostly promotion."""
    parts = sentences(text)
    if not parts or not is_promotion(parts[0]):
        return False
    return sum(1 for part in parts if is_promotion(part)) * 2 >= len(parts)
