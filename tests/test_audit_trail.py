"""The audit trail: every access to a patient's request is recorded (who, when, what,
from which address) without copying the patient's data; auditors read and export it;
nobody changes or deletes an entry; entries expire after the documented period."""

import csv
import datetime
import io
import json

import pytest
import time_machine

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from audit.models import AppendOnlyError, AuditEvent
from tests.appointment_requests import ADMIN_LIST, PATIENT, URL, valid_form, valid_request

AUDIT_LIST = "/admin/audit_trail/"
STAFF_ADDRESS = "203.0.113.9"
APP_ADDRESS = "198.51.100.7"
Action = AuditEvent.Action


@pytest.fixture
def staff(django_user_model):
    def make(username, group):
        user = django_user_model.objects.create_user(username, password="x")
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


def entries():
    """What was done to requests (sign-ins are recorded too: tests/test_two_factor.py)."""
    return list(
        AuditEvent.objects.filter(action__startswith="request.")
        .order_by("pk")
        .values_list("actor_name", "action", "object_id", "ip_address")
    )


def test_every_access_to_a_request_is_recorded_without_the_patients_data(
    client, staff, api_token, condition_page
):
    # A patient uses the web form, an app the API.
    client.post(URL, valid_form(), REMOTE_ADDR="192.0.2.50")
    token = api_token("booking-app", group="Appointment apps")
    sent = client.post(
        "/api/v3/appointments/",
        data=json.dumps(valid_request(name="Ravi Kumar")),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        REMOTE_ADDR=APP_ADDRESS,
    )
    web, app = (str(pk) for pk in sorted(AuditEvent.objects.values_list("object_id", flat=True)))
    assert sent.json()["id"] == int(app)

    coordinator = staff("coordinator", "Appointment coordinators")
    client.force_login(coordinator)
    client.get(ADMIN_LIST, REMOTE_ADDR=STAFF_ADDRESS)
    client.get(f"{ADMIN_LIST}inspect/{web}/", REMOTE_ADDR=STAFF_ADDRESS)
    client.get(f"{ADMIN_LIST}edit/{web}/", REMOTE_ADDR=STAFF_ADDRESS)
    client.post(f"{ADMIN_LIST}edit/{web}/", {"status": "contacted"}, REMOTE_ADDR=STAFF_ADDRESS)
    exporter = staff("exporter", "Appointment exporters")
    client.force_login(exporter)
    client.get(ADMIN_LIST, {"export": "csv"}, REMOTE_ADDR=STAFF_ADDRESS)

    assert entries() == [
        # The patient's own address is not kept: the trail outlives their request.
        ("", Action.RECEIVED, web, None),
        ("booking-app", Action.RECEIVED, app, APP_ADDRESS),
        ("coordinator", Action.LISTED, "", STAFF_ADDRESS),
        ("coordinator", Action.VIEWED, web, STAFF_ADDRESS),
        ("coordinator", Action.VIEWED, web, STAFF_ADDRESS),
        ("coordinator", Action.STATUS_CHANGED, web, STAFF_ADDRESS),
        ("exporter", Action.EXPORTED, "", STAFF_ADDRESS),
    ]
    listed, exported = (
        AuditEvent.objects.get(action=action) for action in (Action.LISTED, Action.EXPORTED)
    )
    assert listed.object_ids == exported.object_ids == sorted([int(web), int(app)])
    assert AuditEvent.objects.get(action=Action.STATUS_CHANGED).detail == "new → contacted"
    everything = json.dumps(list(AuditEvent.objects.values()), default=str)
    for personal in [*PATIENT.values(), "Ravi Kumar", condition_page.title]:
        assert personal not in everything


def test_auditors_read_and_export_the_trail_and_nobody_changes_it(client, staff, admin_user, db):
    viewer = staff("coordinator", "Appointment coordinators")
    client.force_login(viewer)
    client.get(ADMIN_LIST, REMOTE_ADDR=STAFF_ADDRESS)
    entry = AuditEvent.objects.get(action=Action.LISTED)

    auditor = staff("auditor", "Auditors")
    client.force_login(auditor)
    listing = client.get(AUDIT_LIST)
    assert listing.status_code == 200
    assert "Requests listed" in listing.text and STAFF_ADDRESS in listing.text
    exported = client.get(AUDIT_LIST, {"export": "csv"}, REMOTE_ADDR="192.0.2.1")
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert [(row["Who"], row["What happened"], row["From address"]) for row in rows] == [
        # force_login signs in without an HTTP request, so without an address.
        ("auditor", "Signed in", ""),
        ("coordinator", "Requests listed", STAFF_ADDRESS),
        ("coordinator", "Signed in", ""),
    ]
    # The export is itself recorded.
    assert AuditEvent.objects.filter(action=Action.TRAIL_EXPORTED, actor_name="auditor").exists()

    # Neither an auditor nor a superuser edits or deletes an entry in the admin.
    for user in [auditor, admin_user]:
        client.force_login(user)
        for url in [f"{AUDIT_LIST}edit/{entry.pk}/", f"{AUDIT_LIST}delete/{entry.pk}/"]:
            assert client.get(url).status_code in (302, 403)
            client.post(url, {"detail": "tampered"})
        assert b"Add audit entry" not in client.get(AUDIT_LIST).content
    entry.refresh_from_db()
    assert (entry.actor_name, entry.detail) == ("coordinator", "")

    # Nor does code: the model refuses changes and deletions.
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=entry.pk).update(detail="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    entry.detail = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_entries_expire_after_the_retention_period(client, staff, settings, caplog):
    settings.AUDIT_RETENTION_DAYS = 365
    coordinator = staff("coordinator", "Appointment coordinators")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400)):
        client.force_login(coordinator)
        client.get(ADMIN_LIST)
    client.force_login(coordinator)  # that session ended long ago (idle)
    client.get(ADMIN_LIST)

    with caplog.at_level("INFO"):
        call_command("prune_audit_trail", stdout=io.StringIO())

    listed = AuditEvent.objects.filter(action=Action.LISTED)
    assert listed.count() == 1
    assert listed.get().timestamp > timezone.now() - datetime.timedelta(days=1)
    # The old listing and the old sign-in.
    assert "Pruned 2 audit entries older than 365 days." in caplog.text
