"""Sending an appointment request: what is stored, and who on the staff is told."""

import smtplib

import pytest

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from appointments.models import AppointmentRequest
from tests.appointment_requests import THANKS, URL, parse, valid_form


def test_valid_request_is_stored_and_the_patient_is_redirected_to_thanks(client, condition_page):
    response = client.post(URL, valid_form(condition=condition_page.pk))

    assert response.status_code == 302 and response["Location"] == THANKS
    request = AppointmentRequest.objects.get()
    assert (request.name, request.phone, request.email) == (
        "Asha Patel",
        "+91 (22) 1234-5678",
        "asha@example.org",
    )
    assert request.condition.specific == condition_page
    assert request.message == "Weekday mornings, please."
    assert request.consent is True
    assert request.status == AppointmentRequest.Status.NEW
    assert request.created_at

    thanks = parse(client.get(THANKS))
    assert thanks.h1.text == "Thank you: your request has been sent"
    assert thanks.select_one("meta[name=robots]")["content"] == "noindex, follow"


@pytest.mark.parametrize(
    "contact", [{"email": ""}, {"phone": ""}], ids=["phone-only", "email-only"]
)
def test_one_way_to_contact_is_enough(client, db, contact):
    response = client.post(URL, valid_form(**contact))

    assert response.status_code == 302
    assert AppointmentRequest.objects.count() == 1


def test_staff_are_emailed_only_after_the_request_is_committed(
    client, db, notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(URL, valid_form())

        # Stored, and nothing sent while the transaction is open.
        assert response.status_code == 302
        assert AppointmentRequest.objects.count() == 1
        assert mail.outbox == []
    assert len(callbacks) == 1

    callbacks[0]()
    [email] = mail.outbox
    request = AppointmentRequest.objects.get()
    assert email.to == ["appointments@hospital.example"]
    assert email.subject == f"New appointment request ({request.pk})"
    assert f"http://testserver/admin/appointment_requests/inspect/{request.pk}/" in email.body


def test_notification_names_no_patient(
    client, condition_page, notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid_form(condition=condition_page.pk))

    [email] = mail.outbox
    assert "Bone metastases" in email.body  # which team it is for
    for personal in ["Asha", "Patel", "1234", "asha@example.org", "Weekday"]:
        assert personal not in email.subject + email.body


def test_nobody_is_emailed_when_no_address_is_configured(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.APPOINTMENTS_NOTIFY_EMAILS = []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_form())

    assert response.status_code == 302
    assert AppointmentRequest.objects.count() == 1
    assert mail.outbox == []


class BrokenEmailBackend(BaseEmailBackend):
    """A mail server that is down. It notes how many requests were stored by the time
    it was called."""

    stored_when_sending = []

    def send_messages(self, messages):
        self.stored_when_sending.append(AppointmentRequest.objects.count())
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_email_failure_keeps_the_request_and_still_thanks_the_patient(
    client, db, notify, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenEmailBackend"
    BrokenEmailBackend.stored_when_sending.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_form())

    assert response.status_code == 302 and response["Location"] == THANKS
    assert BrokenEmailBackend.stored_when_sending == [1]
    assert AppointmentRequest.objects.count() == 1
    assert "Could not email staff about appointment request" in caplog.text
