"""Least privilege: who may see appointment requests, where. Each role signs in (or
holds an API token) and tries every URL and API that shows, or could show, a request;
what it may not reach shows none of the patient's data."""

import csv
import io
import json
import sys

import openpyxl
import pytest

from django.contrib.auth.models import Group
from django.utils.module_loading import import_string

from wagtail.models import APIToken

from tests.appointment_requests import ADMIN_LIST, PATIENT, fail_while_handling, valid_request
from tests.factories.appointments import AppointmentRequestFactory

AUDIT_LIST = "/admin/audit_trail/"
PATIENT_DATA = [b"Asha Patel", b"98200 55555", b"asha.patel@example.org"]

# Every role, by Wagtail group (None: a signed-in account with no group).
ROLES = [
    "anonymous",
    None,
    "Editors",
    "Moderators",
    "Clinical reviewers",
    "Appointment apps",
    "Appointment coordinators",
    "Appointment exporters",
    "Data protection officers",
    "Auditors",
    "superuser",
]

READ = {"list", "results", "inspect"}
# What each role reaches in the admin; everything else is refused.
ALLOWED = {
    "Appointment coordinators": READ | {"edit", "history"},
    "Appointment exporters": READ | {"export_csv", "export_xlsx"},
    "Data protection officers": READ | {"person"},
    "Auditors": {"audit_trail"},
    "superuser": READ | {"edit", "history", "export_csv", "export_xlsx", "audit_trail", "person"},
}


def admin_urls(pk):
    return {
        "list": ADMIN_LIST,
        "results": f"{ADMIN_LIST}results/",
        "inspect": f"{ADMIN_LIST}inspect/{pk}/",
        "edit": f"{ADMIN_LIST}edit/{pk}/",
        "export_csv": f"{ADMIN_LIST}?export=csv",
        "export_xlsx": f"{ADMIN_LIST}?export=xlsx",
        "history": f"{ADMIN_LIST}history/{pk}/",
        "delete": f"{ADMIN_LIST}delete/{pk}/",
        "add": f"{ADMIN_LIST}new/",
        "audit_trail": AUDIT_LIST,
        # A person's requests (tests/test_appointments_data_requests.py): the search form.
        "person": f"{ADMIN_LIST}person/",
    }


def body(response):
    """What the response shows a person: an XLSX file's cells, else the bytes."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        cells = (cell for sheet in workbook for row in sheet.values for cell in row)
        return " ".join(str(cell) for cell in cells).encode()
    return content


@pytest.fixture
def stored_request(condition_page):
    return AppointmentRequestFactory(
        name="Asha Patel",
        phone="+91 98200 55555",
        email="asha.patel@example.org",
        condition=condition_page,
    )


def make_user(django_user_model, role):
    if role == "superuser":
        return django_user_model.objects.create_superuser("someone", "s@example.org", "x")
    user = django_user_model.objects.create_user("someone", "s@example.org", "x")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_request_urls_it_should(
    client, django_user_model, stored_request, role
):
    if role != "anonymous":
        client.force_login(make_user(django_user_model, role))
    allowed = ALLOWED.get(role, set())

    for name, url in admin_urls(stored_request.pk).items():
        response = client.get(url)
        content = body(response)
        if name in allowed:
            assert response.status_code == 200, (role, name, response.status_code)
            # The history names the request by its id alone (its str()).
            if name not in ("audit_trail", "history", "person"):
                assert b"Asha Patel" in content, (role, name)
        else:
            assert response.status_code in (302, 403, 404), (role, name, response.status_code)
        if name not in allowed or name == "history":
            for personal in PATIENT_DATA:
                assert personal not in content, (role, name, personal)

    # Nobody changes a request's status without the change permission, or deletes one.
    response = client.post(admin_urls(stored_request.pk)["edit"], {"status": "closed"})
    stored_request.refresh_from_db()
    assert (stored_request.status == "closed") == ("edit" in allowed), role
    client.post(admin_urls(stored_request.pk)["delete"])
    stored_request.refresh_from_db()  # still there

    menu = body(client.get("/admin/"))
    assert (b"Appointment requests" in menu) == bool(READ & allowed), role


@pytest.mark.parametrize("role", [None, "Editors", "Appointment coordinators", "superuser"])
def test_api_tokens_never_read_a_request(client, django_user_model, stored_request, role):
    """Whatever the account's rights in the admin, its API token reads no request back:
    no endpoint returns one, and the appointments endpoint only accepts new ones."""
    token = APIToken.create_token(user=make_user(django_user_model, role), name="app")[1]
    bearer = {"Authorization": f"Bearer {token}"}
    pk = stored_request.pk

    for url in [
        "/api/v3/appointments/",
        f"/api/v3/appointments/{pk}/",
        "/api/v3/pages/?search=Asha",
        "/api/v3/snippets/appointments.appointmentrequest/",
        f"/api/v3/snippets/appointments.appointmentrequest/{pk}/",
        "/api/v3/snippets/audit.auditevent/",
        "/api/v3/schema/appointments.AppointmentRequest/",
        "/api/v3/whoami/",
        "/api/v2/pages/?search=Asha",
        "/api/v2/pages/?fields=*",
    ]:
        response = client.get(url, headers=bearer)
        assert response.status_code < 500, url
        for personal in PATIENT_DATA:
            assert personal not in body(response), (role, url, personal)

    # Only an "Appointment apps" account (or a superuser, who holds every permission)
    # may write, and then gets an id, nothing else.
    sent = client.post(
        "/api/v3/appointments/",
        data=json.dumps(valid_request()),
        content_type="application/json",
        headers=bearer,
    )
    assert sent.status_code == (201 if role == "superuser" else 403), role


def test_an_appointment_app_token_writes_and_gets_only_an_id(client, api_token, db):
    token = api_token("booking-app", group="Appointment apps")

    sent = client.post(
        "/api/v3/appointments/",
        data=json.dumps(valid_request()),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert sent.status_code == 201
    assert list(sent.json()) == ["id"]


def test_exports_need_the_export_permission_and_the_button_follows_it(
    client, django_user_model, stored_request
):
    coordinator = make_user(django_user_model, "Appointment coordinators")
    client.force_login(coordinator)
    assert b"Download CSV" not in client.get(ADMIN_LIST).content
    assert client.get(ADMIN_LIST, {"export": "csv"}).status_code == 302

    coordinator.groups.add(Group.objects.get(name="Appointment exporters"))
    assert b"Download CSV" in client.get(ADMIN_LIST).content
    rows = list(
        csv.DictReader(io.StringIO(body(client.get(ADMIN_LIST, {"export": "csv"})).decode()))
    )
    assert [row["Name"] for row in rows] == ["Asha Patel"]


def test_error_reports_show_no_patient_data(rf, settings, db):
    """Django's error report (the 500 email to ADMINS, the DEBUG page) for a failure
    while handling a request: what was posted, the query string and the local
    variables of each frame are hidden on the appointment paths. (The test builds the
    details from PATIENT: the report quotes the source lines around each frame.)"""
    reporter_class = import_string(settings.DEFAULT_EXCEPTION_REPORTER)
    form, as_json = valid_request(), json.dumps(valid_request())
    for request in [
        rf.post("/appointments/", form),
        rf.get(ADMIN_LIST, {"q": PATIENT["name"]}),
        rf.post("/api/v3/appointments/", as_json, content_type="application/json"),
    ]:
        try:
            fail_while_handling(valid_request())
        except ValueError:
            report = reporter_class(request, *sys.exc_info())
        for text in [report.get_traceback_text(), report.get_traceback_html()]:
            assert request.path in text
            for personal in PATIENT.values():
                assert personal not in text, (request.path, personal)
