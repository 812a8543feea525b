import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

# Digits with the separators people type ("+91 (22) 1234-5678"); a plus only in front.
PHONE_PATTERN = re.compile(r"\+?[0-9 ()\-]+")
MIN_PHONE_DIGITS = 7
MAX_PHONE_DIGITS = 20


def validate_patient_phone(value):
    """A number staff can call a patient back on, as the patient writes it: 7 to 20
    digits, optionally a leading +, spaces, brackets and dashes. Stored as typed, so
    staff read it as it was given. (A button's tap-to-call number, the hospital's own,
    is checked for its shape only: condition_pages.blocks.validate_link_phone.)"""
    digits = sum(character.isdigit() for character in value)
    if not PHONE_PATTERN.fullmatch(value) or not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        raise ValidationError(
            gettext(
                "Enter a phone number of 7 to 20 digits, such as +91 22 1234 5678. "
                "You may use spaces, brackets and dashes."
            ),
            code="invalid_phone",
        )
