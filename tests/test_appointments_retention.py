"""Retention: requests are deleted, with what they left behind, a set time after they
are closed (and at the latest a set time after they arrived), by the daily purge,
which records each deletion in the audit trail and logs how many; staff see each
request's deletion date."""

import datetime
import io
import json

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format

from appointments.models import AppointmentRequest, IdempotencyKey
from audit.models import AuditEvent
from tests.appointment_requests import ADMIN_LIST, everything_stored, valid_request
from tests.factories.appointments import AppointmentRequestFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def retention(settings):
    settings.APPOINTMENTS_RETENTION_DAYS_AFTER_CLOSED = 90
    settings.APPOINTMENTS_RETENTION_MAX_DAYS = 365


def made(days_ago, closed_days_ago=None, **fields):
    now = timezone.now()
    with time_machine.travel(now - days_ago * DAY, tick=False):
        appointment = AppointmentRequestFactory(**fields)
    if closed_days_ago is not None:
        with time_machine.travel(now - closed_days_ago * DAY, tick=False):
            appointment.status = "closed"
            appointment.save()
    return appointment


def test_the_purge_deletes_requests_past_retention_with_what_they_hold(client, api_token, caplog):
    closed_long_ago = made(120, closed_days_ago=91, name="Meera Closed", phone="+91 22 5550 1111")
    never_closed = made(366, name="Vikram Forgotten", email="vikram@example.org")
    closed_lately = made(120, closed_days_ago=10, name="Kept One")
    open_request = made(364, name="Kept Two")
    # An app's request, retried under an Idempotency-Key, a year and more ago.
    token = api_token("booking-app", group="Appointment apps")
    with time_machine.travel(timezone.now() - 400 * DAY, tick=False):
        sent = client.post(
            "/api/v3/appointments/",
            data=json.dumps(valid_request(name="Sita From App", phone="+91 22 5550 2222")),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "retry-me"},
        )
    from_app = sent.json()["id"]
    assert IdempotencyKey.objects.filter(key="retry-me").exists()

    with caplog.at_level("INFO"):
        call_command("purge_appointment_requests", stdout=io.StringIO())

    assert set(AppointmentRequest.objects.values_list("pk", flat=True)) == {
        closed_lately.pk,
        open_request.pk,
    }
    assert not IdempotencyKey.objects.exists()
    assert "Purged 3 appointment requests past their retention period." in caplog.text
    purged = AuditEvent.objects.filter(action=AuditEvent.Action.PURGED)
    assert {(entry.object_id, entry.actor_id) for entry in purged} == {
        (str(closed_long_ago.pk), None),
        (str(never_closed.pk), None),
        (str(from_app), None),
    }
    assert purged.get(object_id=closed_long_ago.pk).detail.endswith("kept 90 days after closing")
    assert purged.get(object_id=never_closed.pk).detail.endswith("kept 365 days at most")
    stored = everything_stored()
    for gone in ["Meera Closed", "5550 1111", "Vikram Forgotten", "vikram@example.org"]:
        assert gone not in stored
    for gone in ["Sita From App", "5550 2222"]:
        assert gone not in stored
    assert "Kept One" in stored  # the dump does show what is still there

    # The next day's run finds nothing more.
    call_command("purge_appointment_requests", stdout=io.StringIO())
    assert AppointmentRequest.objects.count() == 2


def test_staff_see_each_requests_deletion_date_and_closing_moves_it(
    client, django_user_model, condition_page
):
    coordinator = django_user_model.objects.create_user("coordinator", password="x")
    coordinator.groups.add(Group.objects.get(name="Appointment coordinators"))
    client.force_login(coordinator)
    appointment = made(30, name="Asha Patel")
    arrived = appointment.created_at

    def shown_date():
        listing = BeautifulSoup(client.get(ADMIN_LIST).content, "html.parser")
        headings = [th.get_text(strip=True) for th in listing.select("thead th")]
        row = listing.select_one("tbody tr")
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        inspect = BeautifulSoup(
            client.get(f"{ADMIN_LIST}inspect/{appointment.pk}/").content, "html.parser"
        )
        label = inspect.find(string=lambda text: text and text.strip() == "To be deleted on")
        in_inspect = label.find_parent("dt").find_next_sibling("dd").get_text(strip=True)
        listed = cells[headings.index("To be deleted")]
        assert in_inspect.startswith(listed), (listed, in_inspect)
        return listed

    def spelled(moment):
        return date_format(timezone.localtime(moment))

    assert shown_date() == spelled(arrived + 365 * DAY)

    client.post(f"{ADMIN_LIST}edit/{appointment.pk}/", {"status": "closed"})
    appointment.refresh_from_db()
    assert appointment.closed_at is not None
    assert appointment.deletion_due == appointment.closed_at + 90 * DAY
    assert shown_date() == spelled(appointment.closed_at + 90 * DAY)

    client.post(f"{ADMIN_LIST}edit/{appointment.pk}/", {"status": "contacted"})
    appointment.refresh_from_db()
    assert appointment.closed_at is None
    assert appointment.deletion_due == arrived + 365 * DAY
