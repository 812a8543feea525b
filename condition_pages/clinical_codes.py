"""Clinical codes: the coded identities of a condition (SNOMED CT, ICD-10), so that a
patient app or a record system can go from a diagnosis to the article.

One home for what a code looks like: the admin (ClinicalCode.clean), API v3's write
schema and the `?code=system:code` filter of both APIs all check codes here, and store
or look them up in the one spelling `normalise` gives."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import receiver

from wagtail.search import index
from wagtail.signals import page_published


class CodingSystem(models.TextChoices):
    SNOMED = "snomed", "SNOMED CT"
    ICD10 = "icd10", "ICD-10"


# ICD-10 (WHO): a letter, two digits, then optionally a dot and 1–4 more characters
# (C79.5; national extensions such as ICD-10-CM add letters and digits: S72.001A).
ICD10 = re.compile(r"[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?")
# A SNOMED CT identifier: 6 to 18 digits, no leading zero, the last a Verhoeff check
# digit (SNOMED CT Technical Implementation Guide, "Check-digit").
SNOMED = re.compile(r"[1-9][0-9]{5,17}")

EXAMPLES = {CodingSystem.SNOMED: "94222008", CodingSystem.ICD10: "C79.5"}

# Verhoeff's dihedral-group multiplication table.
_VERHOEFF_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
# Verhoeff's position permutations: row i applies the first one i times (the
# published table, row for row).
_VERHOEFF_STEP = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]
_VERHOEFF_P = [list(range(10))]
for _ in range(7):
    _VERHOEFF_P.append([_VERHOEFF_STEP[digit] for digit in _VERHOEFF_P[-1]])


def verhoeff_valid(digits):
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[position % 8][int(digit)]]
    return check == 0


def normalise(code):
    """The stored spelling: capitals (ICD-10's letters), no spaces around."""
    return code.strip().upper()


class CodeFormField(forms.CharField):
    def to_python(self, value):
        return normalise(super().to_python(value))


class CodeField(models.CharField):
    """A code, always in the spelling `normalise` gives, as soon as a form reads it:
    so that the admin's check that a page has each code once sees `c79.5` as `C79.5`."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CodeFormField, **kwargs})


def validate_code(system, code):
    """Raise ValidationError (code "invalid_code") unless `code` is a well-formed
    code of `system` (a CodingSystem value), as `normalise` spells it."""
    code = normalise(code)
    example = EXAMPLES.get(system)
    if system == CodingSystem.ICD10 and not ICD10.fullmatch(code):
        message = (
            "Enter an ICD-10 code: a letter, two digits, then optionally a dot and 1 to 4 "
            f"letters or digits, e.g. {example}."
        )
    elif system == CodingSystem.SNOMED and not SNOMED.fullmatch(code):
        message = f"Enter a SNOMED CT identifier: 6 to 18 digits, e.g. {example}."
    elif system == CodingSystem.SNOMED and not verhoeff_valid(code):
        message = (
            "This is not a SNOMED CT identifier: its check digit (the last) is wrong. "
            "Check for a mistyped digit."
        )
    elif system not in CodingSystem.values:
        message = f"Choose a coding system: {', '.join(CodingSystem.values)}."
    else:
        return code
    raise ValidationError(message, code="invalid_code")


def parse_code_query(value):
    """(system, code) of a `?code=` value such as `icd10:C79.5` or `SNOMED:94222008`
    (the system in any case); ValueError with a message that shows the form."""
    system, colon, code = value.partition(":")
    system = system.lower()
    if not colon or system not in CodingSystem.values:
        raise ValueError(
            f"must be <system>:<code> with system one of {', '.join(CodingSystem.values)}, "
            "e.g. icd10:C79.5 or snomed:94222008"
        )
    if code != code.strip():
        raise ValueError("the code must have no spaces around it")
    try:
        return system, validate_code(system, code)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from error


@receiver(page_published)
def index_published_codes(sender, instance, **kwargs):
    """Index a published condition again with its codes: Wagtail indexes a page as it
    is saved, but the page's child rows (its codes) are written just after that."""
    if any(field.field_name == "clinical_codes" for field in sender.get_search_fields()):
        index.insert_or_update_object(instance)
