"""Who on the staff may read appointment requests, what they may change, and that
patient data is never public."""

import csv
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group

from appointments.models import AppointmentRequest
from tests.appointment_requests import ADMIN_LIST, THANKS, URL
from tests.factories.appointments import AppointmentRequestFactory


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coordinator", password="x")
    user.groups.add(Group.objects.get(name="Appointment coordinators"))
    return user


@pytest.fixture
def stored_request(condition_page):
    return AppointmentRequestFactory(
        name="Asha Patel", phone="+91 98200 55555", condition=condition_page
    )


def test_anonymous_visitors_are_sent_to_the_login_page(client, stored_request):
    for url in [
        ADMIN_LIST,
        f"{ADMIN_LIST}?export=csv",
        f"{ADMIN_LIST}inspect/{stored_request.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("group", [None, "Editors", "Moderators"])
def test_users_without_the_permission_cannot_see_requests(
    client, django_user_model, stored_request, group
):
    user = django_user_model.objects.create_user("someone", password="x")
    if group:
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)

    for url in [
        ADMIN_LIST,
        f"{ADMIN_LIST}?export=csv",
        f"{ADMIN_LIST}inspect/{stored_request.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Asha Patel" not in response.content
    menu = client.get("/admin/")
    assert b"Appointment requests" not in menu.content


def test_coordinator_lists_filters_searches_and_inspects_requests(
    client, coordinator, stored_request
):
    AppointmentRequestFactory(name="Ravi Kumar", status="closed")
    client.force_login(coordinator)

    assert b"Appointment requests" in client.get("/admin/").content
    listing = client.get(ADMIN_LIST)
    assert listing.status_code == 200
    assert b"Asha Patel" in listing.content and b"Ravi Kumar" in listing.content

    new_only = client.get(ADMIN_LIST, {"status": "new"})
    assert b"Asha Patel" in new_only.content and b"Ravi Kumar" not in new_only.content
    today = stored_request.created_at.date().isoformat()
    assert b"Asha Patel" in client.get(ADMIN_LIST, {"created_at_from": today}).content
    assert b"Asha Patel" not in client.get(ADMIN_LIST, {"created_at_to": "2000-01-01"}).content
    searched = client.get(ADMIN_LIST, {"q": "ravi"})
    assert b"Ravi Kumar" in searched.content and b"Asha Patel" not in searched.content

    inspect = client.get(f"{ADMIN_LIST}inspect/{stored_request.pk}/")
    assert inspect.status_code == 200
    assert b"Weekday mornings" in inspect.content


def test_coordinator_exports_requests_as_csv_and_xlsx(client, coordinator, stored_request):
    # Exporting is a permission of its own (tests/test_personal_data_access.py).
    coordinator.groups.add(Group.objects.get(name="Appointment exporters"))
    AppointmentRequestFactory(name='=HYPERLINK("http://evil.example")')
    client.force_login(coordinator)

    response = client.get(ADMIN_LIST, {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="appointment-requests.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    asha = next(row for row in rows if row["Name"] == "Asha Patel")
    assert asha["Phone"] == "+91 98200 55555"
    assert asha["Condition"] == "Bone metastases"
    assert asha["Status"] == "New"
    # A formula typed into the form stays text in a spreadsheet.
    assert any(row["Name"] == '\'=HYPERLINK("http://evil.example")' for row in rows)

    xlsx = client.get(ADMIN_LIST, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_coordinator_updates_the_status_but_not_what_the_patient_sent(
    client, coordinator, stored_request
):
    client.force_login(coordinator)

    response = client.post(
        f"{ADMIN_LIST}edit/{stored_request.pk}/", {"status": "contacted", "name": "Changed"}
    )

    assert response.status_code == 302
    stored_request.refresh_from_db()
    assert stored_request.status == "contacted"
    assert stored_request.name == "Asha Patel"


def test_coordinator_opening_a_request_sees_what_the_patient_sent(
    client, coordinator, stored_request
):
    client.force_login(coordinator)
    listing = BeautifulSoup(client.get(ADMIN_LIST).content, "html.parser")
    link = listing.find("a", string=lambda text: text and "Asha Patel" in text)

    page = client.get(link["href"])

    assert page.status_code == 200
    shown = BeautifulSoup(page.content, "html.parser").get_text(" ")
    for value in ["Asha Patel", "+91 98200 55555", "Weekday mornings", "Bone metastases"]:
        assert value in shown
    form = BeautifulSoup(page.content, "html.parser").select_one("form[method=post]")
    assert form.select_one("[name=status]") is not None
    assert form.select_one("[name=name]") is None


def test_nobody_adds_requests_in_the_admin(client, admin_user, coordinator, stored_request):
    for user in [coordinator, admin_user]:
        client.force_login(user)
        assert client.get(f"{ADMIN_LIST}new/").status_code in (302, 403)
    assert AppointmentRequest.objects.count() == 1


def test_coordinators_group_has_only_what_it_needs(db):
    group = Group.objects.get(name="Appointment coordinators")
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("wagtailadmin", "access_admin"),
        ("appointments", "view_appointmentrequest"),
        ("appointments", "change_appointmentrequest"),
    }


def test_patient_data_is_never_public(client, html, stored_request):
    """Not in site search, the APIs, the sitemap or any page: requests are not pages,
    not indexed for search and not exposed by any endpoint."""
    assert html("/search/?q=Asha").select_one("section.no-results")
    for url in [
        "/api/v2/pages/?search=Asha",
        "/api/v2/pages/?fields=*",
        "/api/v3/pages/?search=Asha",
        "/sitemap.xml",
        f"/conditions/{stored_request.condition.slug}/",
        URL,
        THANKS,
    ]:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        for personal in [b"Asha", b"98200 55555", stored_request.email.encode()]:
            assert personal not in content, (url, personal)


def test_coordinator_sees_the_patients_language_named_in_english_and_its_own(
    client, coordinator, stored_request
):
    """The language to answer in: a column, a filter, the request's page and both
    exports name it in English and in its own script ("Marathi (मराठी)")."""
    marathi = AppointmentRequestFactory(name="Sunita Pawar", language="mr")
    coordinator.groups.add(Group.objects.get(name="Appointment exporters"))
    client.force_login(coordinator)

    listing = BeautifulSoup(client.get(ADMIN_LIST).content, "html.parser")
    headings = [th.get_text(strip=True) for th in listing.select("table thead th")]
    name, column = headings.index("Name"), headings.index("Language")
    languages = {
        row.select("td")[name].a.get_text(strip=True): row.select("td")[column].get_text(strip=True)
        for row in listing.select("table tbody tr")
    }
    assert languages == {"Asha Patel": "English", "Sunita Pawar": "Marathi (मराठी)"}

    filter_options = {
        option["value"]: option.get_text(strip=True)
        for option in listing.select("select[name=language] option")
        if option["value"]
    }
    assert filter_options == {"en": "English", "hi": "Hindi (हिन्दी)", "mr": "Marathi (मराठी)"}
    only_marathi = client.get(ADMIN_LIST, {"language": "mr"}).content.decode()
    assert "Sunita Pawar" in only_marathi and "Asha Patel" not in only_marathi

    inspect = BeautifulSoup(client.get(f"{ADMIN_LIST}inspect/{marathi.pk}/").content, "html.parser")
    fields = {
        dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True)
        for dt in inspect.select("dt")
    }
    assert fields["Patient's language"] == "Marathi (मराठी)"

    exported = b"".join(client.get(ADMIN_LIST, {"export": "csv"}).streaming_content).decode()
    rows = {row["Name"]: row["Language"] for row in csv.DictReader(io.StringIO(exported))}
    assert rows == {"Asha Patel": "English", "Sunita Pawar": "Marathi (मराठी)"}
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(ADMIN_LIST, {"export": "xlsx"}).streaming_content))
    )
    sheet = list(workbook.active.values)
    column = sheet[0].index("Language")
    assert {row[sheet[0].index("Name")]: row[column] for row in sheet[1:]} == rows
