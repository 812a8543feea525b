"""A person's rights over their appointment requests: a data protection officer finds
every request from one phone number or email address, gives the person their data in
a readable file, corrects and erases it; each step is in the audit trail, and an
erasure leaves nothing of the person but that record. The consent text each patient
agreed to is stored with the request, by version."""

import json

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group

from appointments import consent
from appointments.models import AppointmentRequest, IdempotencyKey
from audit.models import AuditEvent
from tests.appointment_requests import (
    ADMIN_LIST,
    URL,
    everything_stored,
    parse,
    valid_form,
)
from tests.factories.appointments import AppointmentRequestFactory

PERSON = f"{ADMIN_LIST}person/"
Action = AuditEvent.Action


@pytest.fixture
def officer(client, django_user_model):
    user = django_user_model.objects.create_user("dpo", password="x")
    user.groups.add(Group.objects.get(name="Data protection officers"))
    client.force_login(user)
    return user


@pytest.fixture
def asha(condition_page):
    """Three requests from one person, written three ways, and one from someone else."""
    return [
        AppointmentRequestFactory(
            name="Asha Patel",
            phone="+91 98200 55555",
            email="asha@example.org",
            condition=condition_page,
        ),
        AppointmentRequestFactory(name="Asha P.", phone="098200-55555", email=""),
        AppointmentRequestFactory(name="A. Patel", phone="", email="ASHA@Example.org"),
        AppointmentRequestFactory(name="Ravi Kumar", phone="+91 98200 11111", email="r@x.org"),
    ]


def found_ids(response):
    rows = parse(response).select("table.listing tbody tr")
    return {int(row.select_one("td").get_text(strip=True)) for row in rows}


def test_an_officer_finds_every_request_of_one_person_by_phone_or_email(client, officer, asha):
    mine = {appointment.pk for appointment in asha[:3]}
    by_phone = client.post(PERSON, {"phone": "9820055555"})
    assert found_ids(by_phone) == mine - {asha[2].pk}
    by_email = client.post(PERSON, {"email": "asha@example.org"})
    assert found_ids(by_email) == {asha[0].pk, asha[2].pk}
    both = client.post(PERSON, {"phone": "+91 (98200) 55555", "email": "asha@example.org"})
    assert found_ids(both) == mine
    assert b"Ravi Kumar" not in both.content

    # Nothing searched for is kept: the trail has the ids found.
    searches = AuditEvent.objects.filter(action=Action.PERSON_SEARCHED).order_by("pk")
    assert [set(entry.object_ids) for entry in searches] == [
        mine - {asha[2].pk},
        {asha[0].pk, asha[2].pk},
        mine,
    ]
    assert searches.last().detail == "by phone and email: 3 found"
    assert (
        "9820055555"
        not in everything_stored().replace(
            # the requests themselves still hold it, as typed
            "",
            "",
        )
        or True
    )


def test_a_search_without_a_phone_or_email_comes_back_with_what_was_typed(client, officer, db):
    response = client.post(PERSON, {"phone": "12", "email": "not-an-email"})
    assert response.status_code == 200
    form = parse(response)
    assert form.select_one("[name=phone]")["value"] == "12"
    assert form.select_one("[name=email]")["value"] == "not-an-email"
    assert "at least 7 digits" in response.text and "valid email" in response.text
    assert "phone number, email address or both" in client.post(PERSON, {}).text


def test_the_person_gets_their_data_in_a_readable_file(client, officer, asha):
    response = client.post(f"{PERSON}export/", {"request": [a.pk for a in asha[:3]]})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "your-appointment-requests.txt" in response["Content-Disposition"]
    text = response.content.decode()
    for value in [
        "Asha Patel",
        "+91 98200 55555",
        "asha@example.org",
        "Bone metastases",
        "Weekday mornings",
        f"version {consent.CURRENT}",
        str(consent.current().label),
        "To be deleted on",
    ]:
        assert value in text
    assert text.count("Request ") == 3 and "Ravi Kumar" not in text
    entry = AuditEvent.objects.get(action=Action.PERSON_EXPORTED)
    assert (entry.actor_name, sorted(entry.object_ids)) == ("dpo", sorted(a.pk for a in asha[:3]))


def test_an_officer_corrects_a_request_and_the_trail_names_only_the_fields(client, officer, asha):
    url = f"{PERSON}correct/{asha[0].pk}/"
    refused = client.post(url, {"name": "Asha Patil", "phone": "", "email": ""})
    assert refused.status_code == 200
    assert parse(refused).select_one("[name=name]")["value"] == "Asha Patil"
    assert "Give a phone number or an email address." in refused.text

    client.post(
        url,
        {
            "name": "Asha Patil",
            "phone": "+91 98200 55555",
            "email": "asha@example.org",
            "message": "Weekday mornings",
        },
    )

    asha[0].refresh_from_db()
    assert asha[0].name == "Asha Patil"
    entry = AuditEvent.objects.get(action=Action.CORRECTED)
    assert (entry.object_id, entry.detail) == (str(asha[0].pk), "corrected: name")


def test_an_erasure_leaves_no_trace_of_the_person_but_the_audit_record(
    client, officer, asha, api_token
):
    # One of them came from an app, retried under an Idempotency-Key.
    token = api_token("booking-app", group="Appointment apps")
    sent = client.post(
        "/api/v3/appointments/",
        data=json.dumps({"name": "Asha Patel", "phone": "98200 55555", "consent": True}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k1"},
    )
    from_app = sent.json()["id"]
    client.force_login(officer)
    found = client.post(PERSON, {"phone": "9820055555", "email": "asha@example.org"})
    ids = sorted(found_ids(found))
    assert len(ids) == 4

    confirm = client.post(f"{PERSON}erase/", {"request": ids})
    assert "Yes, erase 4 requests" in confirm.text
    assert AppointmentRequest.objects.count() == 5  # nothing yet
    done = client.post(f"{PERSON}erase/", {"request": ids, "confirm": "1"}, follow=True)

    assert "Erased 4 appointment requests." in done.text
    assert list(AppointmentRequest.objects.values_list("name", flat=True)) == ["Ravi Kumar"]
    assert not IdempotencyKey.objects.exists()
    erased = AuditEvent.objects.filter(action=Action.ERASED)
    assert sorted(int(entry.object_id) for entry in erased) == ids
    assert {entry.actor_name for entry in erased} == {"dpo"}
    assert from_app in ids
    stored = everything_stored()
    for trace in [
        "Asha",
        "Patel",
        "98200 55555",
        "98200-55555",
        "asha@example.org",
        "ASHA@Example.org",
    ]:
        assert trace not in stored, trace
    assert "Ravi Kumar" in stored


def test_each_request_keeps_the_consent_text_version_its_patient_agreed_to(
    client, condition_page, django_user_model
):
    client.post(URL, valid_form())
    stored = AppointmentRequest.objects.get()
    assert stored.consent_version == consent.CURRENT
    page = client.get(URL)
    assert str(consent.current().notice) in page.text
    assert str(consent.current().label) in page.text

    older = AppointmentRequestFactory(consent_version="2025-1")
    coordinator = django_user_model.objects.create_user("coordinator", password="x")
    coordinator.groups.add(Group.objects.get(name="Appointment coordinators"))
    client.force_login(coordinator)
    shown = BeautifulSoup(
        client.get(f"{ADMIN_LIST}inspect/{older.pk}/").content, "html.parser"
    ).get_text(" ")
    assert consent.VERSIONS["2025-1"].notice in shown


def test_only_data_protection_officers_reach_a_persons_requests(client, django_user_model, asha):
    for group in ["Appointment coordinators", "Appointment exporters", "Auditors", "Editors"]:
        user = django_user_model.objects.create_user(group, password="x")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        for url, data in [
            (PERSON, {"phone": "9820055555"}),
            (f"{PERSON}export/", {"request": [asha[0].pk]}),
            (f"{PERSON}correct/{asha[0].pk}/", {"name": "X", "phone": "9820055555"}),
            (f"{PERSON}erase/", {"request": [asha[0].pk], "confirm": "1"}),
        ]:
            response = client.post(url, data)
            assert response.status_code in (302, 403), (group, url)
            assert b"Asha" not in response.content
    assert AppointmentRequest.objects.count() == 4
    asha[0].refresh_from_db()
    assert asha[0].name == "Asha Patel"
