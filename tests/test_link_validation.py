"""A call to action's web address is an http(s) URL or a path on this site; anything a
browser would take off-site while it looks on-site is refused with a clear error."""

import pytest

from django.core.exceptions import ValidationError

from wagtail.blocks import StructBlockValidationError

from condition_pages.blocks import LinkBlock, validate_link_url

OFF_SITE_PATHS = [
    "//evil.example",
    "/\\evil.example",
    "/\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/appointments/\x00",
    "/ /evil.example",
    "/appointments\\..\\evil",
]


@pytest.mark.parametrize("value", ["/", "/appointments/", "/appointments/?condition=bone-mets#x"])
def test_single_slash_site_paths_are_accepted(value):
    validate_link_url(value)


@pytest.mark.parametrize("value", ["https://example.org/appointments/", "http://example.org"])
def test_web_addresses_are_accepted(value):
    validate_link_url(value)


@pytest.mark.parametrize("value", OFF_SITE_PATHS)
def test_paths_a_browser_would_take_off_site_are_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_link_url(value)
    assert "single /" in error.value.messages[0]


@pytest.mark.parametrize(
    "value", ["https://example.org\\@evil.example/", "javascript:alert(1)", "evil.example"]
)
def test_other_addresses_are_refused(value):
    with pytest.raises(ValidationError):
        validate_link_url(value)


@pytest.mark.parametrize("value", OFF_SITE_PATHS)
def test_link_block_refuses_off_site_paths_naming_the_field(value):
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"page": None, "url": value, "phone": ""}))
    assert set(error.value.block_errors) == {"url"}
    assert "single /" in error.value.block_errors["url"].messages[0]


def test_link_block_keeps_an_on_site_path():
    block = LinkBlock()
    value = block.clean(block.to_python({"page": None, "url": "/appointments/", "phone": ""}))
    assert value.href == "/appointments/"


@pytest.mark.parametrize(
    ("given", "fields_named"),
    [
        ({}, {"page"}),
        ({"url": "/appointments/", "phone": "+91 22 1234 5678"}, {"url", "phone"}),
    ],
    ids=["none", "two"],
)
def test_link_block_needs_exactly_one_destination_and_names_each_field_given(given, fields_named):
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"page": None, "url": "", "phone": "", **given}))
    assert set(error.value.block_errors) == fields_named
    for field in fields_named:
        assert error.value.block_errors[field].messages == [
            "Choose exactly one of a page, a web address or a phone number."
        ]


def test_link_block_makes_a_phone_number_a_tap_to_call_link():
    block = LinkBlock()
    value = block.clean(block.to_python({"page": None, "url": "", "phone": "+91 (22) 1234-5678"}))
    assert (value.type, value.href) == ("phone", "tel:+912212345678")


def test_link_block_refuses_a_malformed_phone_naming_the_field():
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"page": None, "url": "", "phone": "call us"}))
    assert set(error.value.block_errors) == {"phone"}
