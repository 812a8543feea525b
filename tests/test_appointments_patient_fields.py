"""A request's patient fields are declared once (AppointmentRequest.PATIENT_FIELDS), and
every place that takes, shows or gives back what a patient sent follows that one list,
in its order: the form page, API v3's input schema, the staff's admin and exports, and
a person's readable copy and correction form. A field added to the model's list reaches
them all; a list kept by hand in one of them makes these tests fail."""

import csv
import io

import pytest

from django.contrib.auth.models import Group
from django.utils.text import capfirst

from appointments.data_requests import UNCORRECTED
from appointments.forms import AppointmentRequestForm
from appointments.models import AppointmentRequest
from tests.appointment_requests import ADMIN_LIST, URL, parse, valid_form

ASKED = AppointmentRequest.PATIENT_FIELDS
FIELDS = list(ASKED)


def staff_label(name):
    return capfirst(AppointmentRequest._meta.get_field(name).verbose_name)


@pytest.fixture
def sent(client, condition_page):
    """A request as a patient sends it, through the form, about a condition."""
    response = client.post(URL, valid_form(condition="Bone metastases"))
    assert response.status_code == 302, response.content
    return AppointmentRequest.objects.get()


def test_the_form_and_the_api_ask_for_each_patient_field_in_order(client, html, db):
    form = html(URL).select_one("form.appointment-form")
    controls = form.select("input:not([type=hidden]), textarea, select")
    asked = [control["name"] for control in controls]
    assert asked == [*FIELDS, AppointmentRequestForm.HONEYPOT]
    for name, ask in ASKED.items():
        label = form.select_one(f"label[for=id_{name}]").get_text(" ", strip=True)
        assert label.startswith(str(ask.label))
        hint = form.select_one(f"#id_{name}_helptext")
        assert (hint.get_text(strip=True) if hint else "") == ask.hint

    schema = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    body = schema["AppointmentRequestInput"]
    assert list(body["properties"]) == FIELDS
    required_on_the_form = [
        name for name in FIELDS if AppointmentRequestForm.base_fields[name].required
    ]
    assert body["required"] == required_on_the_form == ["name", "consent"]
    # The patient's own wording, for apps to show.
    assert body["properties"]["message"]["description"].startswith(str(ASKED["message"].label))


def test_staff_see_and_export_each_patient_field_in_order(client, admin_user, sent):
    client.force_login(admin_user)

    inspect = parse(client.get(f"{ADMIN_LIST}inspect/{sent.pk}/"))
    shown = [term.get_text(strip=True) for term in inspect.select("dl dt")]
    assert shown[: len(FIELDS)] == [staff_label(name) for name in FIELDS]

    edit = parse(client.get(f"{ADMIN_LIST}edit/{sent.pk}/"))
    panels = [heading["id"] for heading in edit.select("[id^=panel-][id$=-heading]")]
    assert panels == [f"panel-{name}-heading" for name in [*FIELDS, "status"]]

    export = client.get(ADMIN_LIST, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0] == ["Request", "Received", *map(staff_label, FIELDS), "Language", "Status"]
    exported = dict(zip(rows[0], rows[1], strict=True))
    assert (exported["Name"], exported["Condition"], exported[staff_label("consent")]) == (
        "Asha Patel",
        "Bone metastases",
        "True",
    )


def test_a_persons_copy_and_correction_form_hold_each_patient_field(
    client, django_user_model, sent
):
    officer = django_user_model.objects.create_user("dpo", password="x")
    officer.groups.add(Group.objects.get(name="Data protection officers"))
    client.force_login(officer)

    copy = client.post(f"{ADMIN_LIST}person/export/", {"request": [sent.pk]}).text
    given = [line.strip() for line in copy.splitlines() if line.startswith("  ")]
    # Consent is told with the wording agreed to, after the status.
    labels = [staff_label(name) for name in FIELDS if name != "consent"]
    assert [line.split(":")[0] for line in given[1 : len(labels) + 1]] == labels
    assert "Preferred contact time or message: Weekday mornings, please." in given
    assert "Condition: Bone metastases" in given

    correct = parse(client.get(f"{ADMIN_LIST}person/correct/{sent.pk}/"))
    controls = correct.select("form input:not([type=hidden]), form textarea, form select")
    assert [control["name"] for control in controls] == [
        name for name in FIELDS if name not in UNCORRECTED
    ]
