"""What mistakes, bots, abuse and hostile input get from the appointment request page:
the form back with its errors, a 429, a 403, never a 500 and never a stored request."""

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from django.core import mail
from django.db import IntegrityError
from django.test import Client

from appointments.models import AppointmentRequest
from tests.appointment_requests import THANKS, URL, parse, valid_form
from tests.fuzzing import fuzz_settings


def test_invalid_request_keeps_what_was_typed_and_links_each_error_to_its_field(client, db):
    response = client.post(
        URL,
        valid_form(name="", phone="call me", email="asha@", message="Mornings", consent=""),
    )

    assert response.status_code == 200
    assert AppointmentRequest.objects.count() == 0
    soup = parse(response)
    assert soup.title.text.startswith("Error: ")
    summary = soup.select_one(".error-summary")
    assert summary["role"] == "alert"
    assert summary.h2.text == "There is a problem"
    links = {a["href"]: a.text for a in summary.select("a")}
    assert set(links) == {"#id_name", "#id_phone", "#id_email", "#id_consent"}
    for field in ["name", "phone", "email", "consent"]:
        control = soup.select_one(f"#id_{field}")
        assert control["aria-invalid"] == "true"
        error = soup.select_one(f"#id_{field}_error")
        assert error.text.replace("Error:", "").strip() == links[f"#id_{field}"]
        assert f"id_{field}_error" in control["aria-describedby"].split()
    # What the patient typed is still there.
    assert soup.select_one("#id_phone")["value"] == "call me"
    assert soup.select_one("#id_email")["value"] == "asha@"
    assert soup.select_one("#id_message").text.strip() == "Mornings"


def test_a_request_needs_a_phone_number_or_an_email_address(client, db):
    response = client.post(URL, valid_form(phone="", email=""))

    soup = parse(response)
    assert AppointmentRequest.objects.count() == 0
    assert soup.select_one("#id_phone_error").text.replace("Error:", "").strip() == (
        "Enter a phone number or an email address, so that we can contact you."
    )


@pytest.mark.parametrize(
    "phone",
    ["9876543", "+91 22 1234 5678", "(022) 2417-7000", "+1 (555) 010-9999", "0" * 20],
)
def test_phone_numbers_as_people_write_them_are_accepted(client, db, phone):
    assert client.post(URL, valid_form(phone=phone)).status_code == 302


@pytest.mark.parametrize(
    "phone",
    [
        "123456",
        "0" * 21,
        "98765 4321x",
        "91+22 1234 5678",
        "call me",
        "+٩١٢٢١٢٣٤٥٦٧",
        "1234567\x00",
    ],
)
def test_malformed_phone_numbers_are_refused(client, db, phone):
    response = client.post(URL, valid_form(phone=phone))

    assert response.status_code == 200
    assert parse(response).select_one("#id_phone_error")
    assert AppointmentRequest.objects.count() == 0


def test_honeypot_submission_is_discarded_but_looks_like_success(
    client, db, notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_form(website="https://spam.example"))

    assert response.status_code == 302 and response["Location"] == THANKS
    assert AppointmentRequest.objects.count() == 0
    assert mail.outbox == []


def test_too_many_requests_from_one_address_get_a_429_that_keeps_the_form(client, db, settings):
    settings.APPOINTMENTS_RATE_LIMIT = "2/10m"
    # Mistakes do not count against the patient.
    client.post(URL, valid_form(email="not an address"))
    for number in range(2):
        assert client.post(URL, valid_form(name=f"Patient {number}")).status_code == 302

    response = client.post(URL, valid_form(name="Third Patient"))

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    soup = parse(response)
    assert soup.select_one("[role=alert] h2").text == "Please wait before sending another request"
    assert soup.select_one("#id_name")["value"] == "Third Patient"
    assert soup.select_one("#id_phone")["value"] == "+91 (22) 1234-5678"
    assert soup.select_one("#id_consent").has_attr("checked")
    assert AppointmentRequest.objects.count() == 2
    # Another address is counted on its own.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post(URL, valid_form(name="Someone else")).status_code == 302


def test_requests_without_a_csrf_token_are_refused(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(URL, valid_form())
    assert response.status_code == 403
    assert AppointmentRequest.objects.count() == 0
    # A patient whose form expired is told what happened and what to do, in the site's
    # layout, not shown Django's technical page.
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.text == "Your form was not sent"
    assert soup.select_one("main a[href='/appointments/']")
    assert soup.select_one("a.skip-link")


def test_database_refuses_a_request_without_contact_or_consent(db):
    with pytest.raises(IntegrityError):
        AppointmentRequest.objects.create(name="No contact", consent=True)


def test_database_refuses_a_request_without_consent(db):
    with pytest.raises(IntegrityError):
        AppointmentRequest.objects.create(name="No consent", phone="9876543210")


# Whatever is posted, never a 500

FIELDS = ["name", "phone", "email", "condition", "message", "consent", "website", "csrf"]
NASTY = st.one_of(
    st.text(max_size=40),
    st.text(max_size=40).map(lambda text: text + "\x00"),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["x" * 100_000, "+91 22 1234 5678", "a@b.co", "on", "０１２３４５６７"]),
)


@fuzz_settings(max_examples=150)
@given(
    data=st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), NASTY),
    on_a_valid_form=st.booleans(),
)
def test_fuzzed_form_input_never_fails(client, condition_page, settings, data, on_a_valid_form):
    """Random fields and values, alone or on top of a valid request (so that they reach
    the database too)."""
    settings.APPOINTMENTS_RATE_LIMIT = "10000/m"
    response = client.post(URL, {**valid_form(), **data} if on_a_valid_form else data)
    assert response.status_code in (200, 302), response.status_code


@pytest.mark.parametrize(
    "body",
    [
        b"name=\xff\xfe&phone=\xc3\x28&consent=on",
        b"\x00\x00\x00",
        b"name=" + b"A" * 2_000_000,
        b"%%%%&&&===",
        b"consent=on&consent=off&name=a&name=b&phone=9876543210",
    ],
    ids=["non-utf8", "nul-bytes", "two-megabytes", "garbled", "repeated-fields"],
)
def test_raw_bodies_never_fail(client, db, body):
    response = client.generic("POST", URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 302, 400, 413)


def test_a_broken_multipart_body_never_fails(client, db):
    response = client.generic(
        "POST", URL, b"--xx\r\nnonsense", content_type="multipart/form-data; boundary=xx"
    )
    assert response.status_code in (200, 400)
