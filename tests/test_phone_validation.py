"""The two phone rules and why they differ: a button's tap-to-call number (the
hospital's own line, as editors write it) is checked for its shape; a patient's
callback number must also have as many digits as a real number has."""

import pytest

from django.core.exceptions import ValidationError

from appointments.validators import validate_patient_phone
from condition_pages.blocks import validate_link_phone


@pytest.mark.parametrize("value", ["+91 22 1234 5678", "022 2417-7000", "12345", "1800 (22) 1166"])
def test_a_dialable_number_is_a_valid_link_phone(value):
    validate_link_phone(value)


@pytest.mark.parametrize(
    "value", ["", "1234", "(022) 2417 7000", "+ 91 22 1234 5678", "91+22", "call us"]
)
def test_a_link_phone_starts_with_a_digit_or_plus_and_has_only_separators(value):
    with pytest.raises(ValidationError) as error:
        validate_link_phone(value)
    assert error.value.messages == [
        "Enter a phone number of digits, spaces, brackets or dashes, e.g. +91 22 1234 5678."
    ]


def test_a_link_phone_is_not_held_to_a_digit_count():
    validate_link_phone("1" * 25)


@pytest.mark.parametrize("value", ["9876543", "(022) 2417-7000", "+1 (555) 010-9999", "0" * 20])
def test_a_patient_phone_of_seven_to_twenty_digits_is_accepted(value):
    validate_patient_phone(value)


@pytest.mark.parametrize(
    "value", ["123456", "0" * 21, "12345", "98765 4321x", "91+22 1234 5678", "+٩١٢٢١٢٣٤٥٦٧"]
)
def test_a_patient_phone_outside_seven_to_twenty_ascii_digits_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_patient_phone(value)
    assert error.value.code == "invalid_phone"
    assert "7 to 20 digits" in error.value.messages[0]
