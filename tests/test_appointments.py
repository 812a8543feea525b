"""The appointment request page: what a patient sees and sends, what is stored and who is
told, what bad input and bots get, and who on the staff may read the requests."""

import csv
import io
import smtplib

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError
from django.test import Client

from wagtail.models import PageViewRestriction

from appointments.factories import AppointmentRequestFactory
from appointments.models import AppointmentRequest
from condition_pages.factories import stream

URL = "/appointments/"
THANKS = "/appointments/thanks/"
ADMIN_LIST = "/admin/appointment_requests/"


def valid_form(**overrides):
    return {
        "name": "Asha Patel",
        "phone": "+91 (22) 1234-5678",
        "email": "asha@example.org",
        "condition": "",
        "message": "Weekday mornings, please.",
        "consent": "on",
        "website": "",
        **overrides,
    }


def parse(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def notify(settings):
    settings.APPOINTMENTS_NOTIFY_EMAILS = ["appointments@hospital.example"]
    return settings.APPOINTMENTS_NOTIFY_EMAILS


# The form page


def test_form_labels_every_field_and_asks_browsers_to_autofill_it(db, html):
    soup = html(URL)
    form = soup.select_one("main form.appointment-form")

    assert soup.h1.text == "Book an appointment"
    assert form["method"] == "post" and form["action"] == URL
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    for name, autocomplete in [("name", "name"), ("phone", "tel"), ("email", "email")]:
        control = form.select_one(f"[name={name}]")
        assert control["autocomplete"] == autocomplete
        assert form.select_one(f"label[for={control['id']}]").text.strip()
    assert form.select_one("[name=phone]")["type"] == "tel"
    assert form.select_one("[name=email]")["type"] == "email"
    for name in ["condition", "message", "consent"]:
        control = form.select_one(f"[name={name}]")
        assert form.select_one(f"label[for={control['id']}]").text.strip()
    consent_label = form.select_one("label[for=id_consent]").text
    assert "I agree the hospital may contact me about this request" in consent_label
    # Required and optional fields say which they are.
    assert "(required)" in form.select_one("label[for=id_name]").text
    assert "(required)" in consent_label
    assert "(optional)" in form.select_one("label[for=id_message]").text
    assert "(required)" in form.select_one("fieldset legend").text
    assert form.select_one("[name=name]").has_attr("required")
    assert form.select_one("[name=consent]").has_attr("required")
    # Hints are tied to their controls.
    assert form.select_one("[name=phone]")["aria-describedby"] == "id_phone_helptext"
    assert form.select_one("#id_phone_helptext")


def test_honeypot_is_hidden_from_people_and_autofill(db, html):
    trap = html(URL).select_one("input[name=website]")
    container = trap.find_parent("div")

    assert container["aria-hidden"] == "true"
    assert "form-trap" in container["class"]
    assert trap["tabindex"] == "-1"
    assert trap["autocomplete"] == "off"


def test_form_page_is_never_cached(client, db):
    response = client.get(URL)
    assert "no-store" in response["Cache-Control"]


def test_only_get_and_post_are_allowed(client, db):
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


# Sending a request


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


# Mistakes, bots and abuse


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


# Coming from a condition page


def selected_condition(soup):
    option = soup.select_one("#id_condition option[selected]")
    return option.text if option and option["value"] else None


def test_condition_is_chosen_from_a_link_by_id_or_slug(html, condition_page):
    assert selected_condition(html(f"{URL}?condition={condition_page.pk}")) == "Bone metastases"
    assert selected_condition(html(f"{URL}?condition=bone-metastases")) == "Bone metastases"
    assert selected_condition(html(URL)) is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "draft",
        "private",
        "home",
        "0",
        "99999999999999999999",
        "-1",
        "1 OR 1=1",
        "%00",
        "x" * 5000,
    ],
)
def test_condition_link_ignores_drafts_private_pages_and_garbage(
    client, condition_page, make_condition, value
):
    draft = make_condition(title="Draft condition", slug="draft", live=False)
    private = make_condition(title="Private condition", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    if value in ("draft", "private"):
        # By id as well as by slug.
        page = draft if value == "draft" else private
        assert selected_condition(parse(client.get(f"{URL}?condition={page.pk}"))) is None

    response = client.get(URL, {"condition": value.replace("%00", "\x00")})

    assert response.status_code == 200
    soup = parse(response)
    assert selected_condition(soup) is None
    options = [option.text for option in soup.select("#id_condition option")]
    assert options == ["Not sure, or not listed", "Bone metastases"]


def test_a_draft_condition_cannot_be_posted(client, make_condition, condition_page):
    draft = make_condition(title="Draft condition", live=False)

    response = client.post(URL, valid_form(condition=draft.pk))

    assert response.status_code == 200
    assert parse(response).select_one("#id_condition_error")
    assert AppointmentRequest.objects.count() == 0


def test_condition_page_call_to_action_carries_the_condition(html, make_condition):
    cta = stream(
        "call_to_action",
        **{"0__call_to_action__link__url": "/appointments/", "0__call_to_action__link__phone": ""},
    )
    make_condition(title="Bone metastases", slug="bone-metastases", body=cta)

    button = html("/conditions/bone-metastases/").select_one("aside.cta a.button")
    assert button["href"] == "/appointments/?condition=bone-metastases"


# Whatever is posted, never a 500

FIELDS = ["name", "phone", "email", "condition", "message", "consent", "website", "csrf"]
NASTY = st.one_of(
    st.text(max_size=40),
    st.text(max_size=40).map(lambda text: text + "\x00"),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["x" * 100_000, "+91 22 1234 5678", "a@b.co", "on", "０１２３４５６７"]),
)


@hypothesis_settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
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


# Staff only


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
