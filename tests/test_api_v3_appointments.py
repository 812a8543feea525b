"""Appointment requests sent by apps through `POST /api/v3/appointments/`: the web form's
rules, stored once under retries and concurrent duplicates, only for apps staff let in,
rate limited, stored even when staff cannot be emailed, and read back by staff only."""

import concurrent.futures
import datetime
import json
import smtplib
import threading
import time
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from openapi_spec_validator import validate as validate_openapi

from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.test import Client

from wagtail.models import APIToken, PageViewRestriction

from appointments.idempotency import fingerprint
from appointments.models import AppointmentRequest, IdempotencyKey
from tests.appointment_requests import ADMIN_LIST, valid_request
from tests.fuzzing import fuzz_settings
from tests.servers import require_postgres

URL = "/api/v3/appointments/"


def send(client, token, body, key=None, **extra):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if key is not None:
        headers["Idempotency-Key"] = key
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", headers=headers, **extra)


def error_paths(response):
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {error["path"] for error in response.json()["errors"]}


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    """Tests other than the rate limit's own send more than a patient would."""
    settings.APPOINTMENTS_RATE_LIMIT = "10000/m"
    settings.APPOINTMENTS_API_TOKEN_RATE_LIMIT = "10000/m"


@pytest.fixture
def app_token(api_token):
    """A token staff issued to an app's account in the "Appointment apps" group."""
    return api_token("patient-app", "Appointment apps")


# Storing a request


def test_app_request_is_stored_and_answered_with_its_id(client, app_token, condition_page):
    response = send(client, app_token, valid_request(condition=condition_page.pk))

    assert response.status_code == 201
    stored = AppointmentRequest.objects.get()
    assert response.json() == {"id": stored.pk}
    # Nothing can be read at a URL of the request, so none is given.
    assert "Location" not in response
    assert (stored.name, stored.phone, stored.email, stored.message, stored.consent) == (
        "Asha Patel",
        "+91 (22) 1234-5678",
        "asha@example.org",
        "Weekday mornings, please.",
        True,
    )
    assert stored.condition.specific == condition_page
    assert stored.status == "new"


@pytest.mark.parametrize(
    "contact", [{"phone": "", "email": "a@example.org"}, {"phone": "022 1234 5678"}]
)
def test_one_way_to_contact_is_enough(client, app_token, contact):
    body = {"name": "Asha Patel", "consent": True, **contact}
    assert send(client, app_token, body).status_code == 201


@pytest.mark.parametrize(
    "overrides, paths",
    [
        ({"name": "   "}, {"name"}),
        ({"email": "not an address"}, {"email"}),
        ({"phone": "12"}, {"phone"}),
        ({"phone": "", "email": ""}, {"phone"}),
        ({"phone": None, "email": None}, {"phone"}),
        ({"consent": False}, {"consent"}),
        ({"consent": "yes"}, {"consent"}),
        ({"consent": 1}, {"consent"}),
        ({"message": "x" * 1001}, {"message"}),
        ({"name": "x" * 151, "email": "still not an address"}, {"name", "email"}),
        ({"condition": 999_999}, {"condition"}),
        ({"condition": -1}, {"condition"}),
        ({"condition": 2**80}, {"condition"}),
        ({"name": "Asha\x00"}, {"name"}),
        # Types and shape, checked before the form's rules.
        ({"name": 42}, {"name"}),
        ({"consent": "maybe"}, {"consent"}),
        ({"condition": "bone-metastases"}, {"condition"}),
        ({"website": "spam.example"}, {"website"}),
    ],
)
def test_invalid_request_is_a_422_naming_each_field(client, app_token, overrides, paths):
    response = send(client, app_token, valid_request(**overrides))

    assert error_paths(response) == paths
    for path in paths:
        assert f"{path}: " in response.json()["detail"]
    assert AppointmentRequest.objects.count() == 0


def test_missing_name_and_consent_are_named(client, app_token):
    response = send(client, app_token, {"phone": "022 1234 5678"})
    assert error_paths(response) == {"name", "consent"}


def test_api_refuses_with_the_web_forms_own_messages(client, app_token):
    """One set of rules: the API's message for each field is the one the web form shows
    next to it."""
    bad = {"name": "", "phone": "12", "email": "nope", "consent": False}
    page = client.post("/appointments/", {**bad, "consent": ""})
    soup = BeautifulSoup(page.content, "html.parser")
    response = send(client, app_token, bad)

    messages = {error["path"]: error["msg"] for error in response.json()["errors"]}
    assert set(messages) == {"name", "phone", "email", "consent"}
    for field, message in messages.items():
        shown = soup.select_one(f"#id_{field}_error").get_text(" ", strip=True)
        assert shown.removeprefix("Error: ") == message


def test_drafts_and_private_conditions_cannot_be_named(client, app_token, make_condition):
    draft = make_condition(title="Draft", live=False)
    private = make_condition(title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    for page in (draft, private):
        response = send(client, app_token, valid_request(condition=page.pk))
        assert error_paths(response) == {"condition"}
    assert AppointmentRequest.objects.count() == 0


# Who may call it


def test_anonymous_and_unknown_tokens_get_a_401(client, api_token):
    revoked = api_token("old-app", "Appointment apps")
    APIToken.objects.get().revoke()

    for token in (None, "wagtail_nonsense", revoked):
        response = send(client, token, valid_request())
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
    assert AppointmentRequest.objects.count() == 0


def test_a_signed_in_session_is_no_token(client, admin_user):
    client.force_login(admin_user)
    assert send(client, None, valid_request()).status_code == 401


@pytest.mark.parametrize("group", [None, "Editors", "Moderators", "Appointment coordinators"])
def test_tokens_without_the_permission_get_a_403(client, api_token, group):
    token = api_token("someone", group)

    response = send(client, token, valid_request())

    assert response.status_code == 403
    assert response.json()["detail"] == "This API token may not send appointment requests."
    assert AppointmentRequest.objects.count() == 0
    # Before the body is looked at.
    assert send(client, token, {"nonsense": True}).status_code == 403


def test_appointment_apps_may_send_requests_and_nothing_else(client, app_token, condition_page):
    group = Group.objects.get(name="Appointment apps")
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("appointments", "submit_appointmentrequest")
    }
    headers = {"Authorization": f"Bearer {app_token}"}
    # Not an editor of pages...
    submit = f"/api/v3/pages/{condition_page.pk}/actions/submit/"
    assert client.post(submit, headers=headers).status_code == 403
    # ...nor a reader of drafts or of requests.
    draft = client.get(f"/api/v3/pages/{condition_page.pk}/?version=draft", headers=headers)
    assert draft.status_code in (401, 403, 404)
    stored = send(client, app_token, valid_request()).json()["id"]
    for url in (URL, f"{URL}{stored}/"):
        assert client.get(url, headers=headers).status_code in (404, 405)


# Idempotency-Key


def test_a_retry_under_the_same_key_gets_the_first_answer_and_stores_nothing(
    client, app_token, notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send(client, app_token, valid_request(), key="3f1c-retry")
        # The same request, spaced and ordered otherwise, as a retrying client may.
        same = json.dumps(dict(reversed(valid_request().items())), indent=2)
        retries = [send(client, app_token, same, key="3f1c-retry") for _ in range(3)]

    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    for retry in retries:
        assert (retry.status_code, retry.content) == (201, first.content)
        assert retry["Idempotent-Replayed"] == "true"
    assert AppointmentRequest.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_same_key_for_a_different_request_is_a_422(client, app_token):
    send(client, app_token, valid_request(), key="k-1")

    response = send(client, app_token, valid_request(name="Someone Else"), key="k-1")

    assert error_paths(response) == {"Idempotency-Key"}
    assert "already used for a different request" in response.json()["detail"]
    assert list(AppointmentRequest.objects.values_list("name", flat=True)) == ["Asha Patel"]


def test_without_a_key_each_request_is_stored(client, app_token):
    for _ in range(2):
        assert send(client, app_token, valid_request()).status_code == 201
    assert AppointmentRequest.objects.count() == 2


def test_keys_belong_to_the_app_that_sent_them(client, app_token, api_token):
    other_app = api_token("other-app", "Appointment apps")

    first = send(client, app_token, valid_request(), key="shared")
    second = send(client, other_app, valid_request(name="Ravi Kumar"), key="shared")

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() != second.json()
    assert AppointmentRequest.objects.count() == 2


def test_a_new_token_of_the_same_app_replays_its_answers(client, app_token):
    first = send(client, app_token, valid_request(), key="rotated")
    app = APIToken.objects.get().user
    new_token = APIToken.create_token(user=app, name="rotated token")[1]

    retry = send(client, new_token, valid_request(), key="rotated")

    assert (retry.status_code, retry.content) == (201, first.content)
    assert AppointmentRequest.objects.count() == 1


def test_keys_expire_after_a_day(client, app_token, settings):
    first = send(client, app_token, valid_request(), key="old")
    IdempotencyKey.objects.update(
        created_at=datetime.datetime.now(datetime.UTC)
        - datetime.timedelta(hours=settings.APPOINTMENTS_IDEMPOTENCY_KEY_HOURS, minutes=1)
    )

    again = send(client, app_token, valid_request(name="A New Request"), key="old")

    assert again.status_code == 201 and again.json() != first.json()
    assert AppointmentRequest.objects.count() == 2
    # The expired record made way for the new one.
    assert list(IdempotencyKey.objects.values_list("response_body", flat=True)) == [again.json()]


def test_expired_keys_of_every_app_are_forgotten(
    client, app_token, api_token, django_capture_on_commit_callbacks
):
    other_app = api_token("other-app", "Appointment apps")
    send(client, other_app, valid_request(), key="long-ago")
    IdempotencyKey.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))

    with django_capture_on_commit_callbacks(execute=True):
        send(client, app_token, valid_request(), key="today")

    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["today"]


def test_a_refused_request_can_be_corrected_under_the_same_key(client, app_token, settings):
    assert send(client, app_token, valid_request(email="nope"), key="fix-me").status_code == 422
    settings.APPOINTMENTS_RATE_LIMIT = "0/m"
    assert send(client, app_token, valid_request(), key="fix-me").status_code == 429
    settings.APPOINTMENTS_RATE_LIMIT = "10/m"

    assert send(client, app_token, valid_request(), key="fix-me").status_code == 201
    assert AppointmentRequest.objects.count() == 1


@pytest.mark.parametrize("key", ["", "with space", "ключ", "x" * 256])
def test_a_malformed_key_is_a_422(client, app_token, key):
    response = send(client, app_token, valid_request(), key=key)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert AppointmentRequest.objects.count() == 0


# Concurrent duplicates, against a live server on PostgreSQL


def post_over_http(base_url, token, body, key):
    request = urllib.request.Request(
        base_url + URL,
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# Committed for the live server's threads to see; the groups migrations made are
# restored after the flush.
LIVE_DATABASE = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@LIVE_DATABASE
def test_concurrent_duplicates_store_one_request(live_server, app_token):
    require_postgres()
    token = app_token
    start = threading.Barrier(8)

    def duplicate(_):
        start.wait()
        return post_over_http(live_server.url, token, valid_request(), "concurrent-1")

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(duplicate, range(8)))

    assert AppointmentRequest.objects.count() == 1
    stored = AppointmentRequest.objects.get()
    assert answers == [(201, json.dumps({"id": stored.pk}).encode())] * 8


def waiting_for_a_lock(count):
    with connection.cursor() as cursor:
        # Statistics are read once per transaction unless told to look again.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] >= count


@LIVE_DATABASE
def test_the_database_constraint_stops_a_duplicate_that_raced_past_the_check(
    live_server, app_token
):
    """Requests that found no answer under their key, because the first one has not
    committed it yet, wait on the key's unique constraint, then give that answer and
    roll back what they stored."""
    require_postgres()
    token = app_token
    app = APIToken.objects.get().user

    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        with transaction.atomic():
            # Another request's answer under the key, not committed yet.
            IdempotencyKey.objects.create(
                user=app,
                key="in-flight",
                fingerprint=fingerprint({"condition": None, **valid_request()}),
                response_status=201,
                response_body={"id": 123456},
            )
            answers = [
                pool.submit(post_over_http, live_server.url, token, valid_request(), "in-flight")
                for _ in range(3)
            ]
            deadline = time.monotonic() + 20
            while not waiting_for_a_lock(3):
                assert time.monotonic() < deadline, "the requests never waited on the key"
                time.sleep(0.05)
        results = [answer.result() for answer in answers]

    assert results == [(201, json.dumps({"id": 123456}).encode())] * 3
    assert AppointmentRequest.objects.count() == 0


# Rate limits


def test_too_many_requests_from_one_address_get_a_429(client, app_token, settings):
    settings.APPOINTMENTS_RATE_LIMIT = "2/10m"
    # Mistakes do not count.
    send(client, app_token, valid_request(email="not an address"))
    for number in range(2):
        response = send(client, app_token, valid_request(name=f"P {number}"), key=f"k{number}")
        assert response.status_code == 201

    response = send(client, app_token, valid_request(name="Third Patient"))

    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 0 < int(response["Retry-After"]) <= 600
    assert AppointmentRequest.objects.count() == 2
    # A retry of a stored request still gets its answer.
    assert send(client, app_token, valid_request(name="P 0"), key="k0").status_code == 201
    # The web form counts against the same address's limit; another address has its own.
    web_form = {**valid_request(), "consent": "on"}
    assert Client().post("/appointments/", web_form).status_code == 429
    assert send(Client(REMOTE_ADDR="203.0.113.9"), app_token, valid_request()).status_code == 201


def test_too_many_requests_with_one_token_get_a_429_from_any_address(
    app_token, api_token, settings
):
    settings.APPOINTMENTS_API_TOKEN_RATE_LIMIT = "2/10m"
    for number in range(2):
        client = Client(REMOTE_ADDR=f"203.0.113.{number}")
        assert send(client, app_token, valid_request()).status_code == 201

    response = send(Client(REMOTE_ADDR="198.51.100.7"), app_token, valid_request())

    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    other_app = api_token("other-app", "Appointment apps")
    assert send(Client(REMOTE_ADDR="198.51.100.7"), other_app, valid_request()).status_code == 201
    assert AppointmentRequest.objects.count() == 3


# Storage before notification


@pytest.fixture
def notify(settings):
    settings.APPOINTMENTS_NOTIFY_EMAILS = ["appointments@hospital.example"]


class BrokenEmailBackend(BaseEmailBackend):
    """A mail server that is down; it notes how many requests were stored by then."""

    stored_when_sending = []

    def send_messages(self, messages):
        self.stored_when_sending.append(AppointmentRequest.objects.count())
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_staff_are_emailed_after_the_request_is_stored(
    client, app_token, notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = send(client, app_token, valid_request())
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    [email] = mail.outbox
    assert email.subject == f"New appointment request ({response.json()['id']})"
    assert "Asha" not in email.subject + email.body


def test_a_failed_email_still_stores_the_request(
    client, app_token, notify, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenEmailBackend"
    BrokenEmailBackend.stored_when_sending.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, app_token, valid_request(), key="mail-down")

    assert response.status_code == 201
    assert BrokenEmailBackend.stored_when_sending == [1]
    assert AppointmentRequest.objects.get().pk == response.json()["id"]
    assert "Could not email staff about appointment request" in caplog.text
    # A retry is answered from the stored key, not stored or sent again.
    assert send(client, app_token, valid_request(), key="mail-down").content == response.content
    assert BrokenEmailBackend.stored_when_sending == [1]


# Staff only


def test_coordinators_see_the_request_in_the_admin(client, app_token, django_user_model):
    stored = send(client, app_token, valid_request(name="Ravi Kumar")).json()["id"]
    coordinator = django_user_model.objects.create_user("coordinator", password="x")
    coordinator.groups.add(Group.objects.get(name="Appointment coordinators"))
    client.force_login(coordinator)

    assert b"Ravi Kumar" in client.get(ADMIN_LIST).content
    assert b"Weekday mornings" in client.get(f"{ADMIN_LIST}inspect/{stored}/").content


def test_no_api_reads_a_request_back(client, app_token):
    stored = send(client, app_token, valid_request()).json()["id"]

    for url in [URL, f"{URL}{stored}/", "/api/v3/pages/?search=Asha", "/api/v2/pages/?fields=*"]:
        response = client.get(url, headers={"Authorization": f"Bearer {app_token}"})
        assert b"Asha" not in response.content and b"1234-5678" not in response.content, url
    schema = client.get("/api/v3/openapi.json").json()
    assert list(schema["paths"][URL]) == ["post"]
    assert not [path for path in schema["paths"] if path.startswith(URL) and path != URL]


# OpenAPI


def test_openapi_describes_the_request_the_answers_and_who_may_call(client, db):
    schema = client.get("/api/v3/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    components = schema["components"]

    assert operation["security"] == [{"AppointmentAppToken": []}]
    scheme = components["securitySchemes"]["AppointmentAppToken"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "Appointment apps" in scheme["description"]
    responses = operation["responses"]
    assert set(responses) == {"201", "400", "401", "403", "422", "429"}
    problem_schema = components["schemas"]["Problem"]
    assert {"type", "title", "status"} <= set(problem_schema["required"])
    for status in ("400", "401", "403", "422", "429"):
        problem = responses[status]["content"]["application/problem+json"]["schema"]
        assert problem == {"$ref": "#/components/schemas/Problem"}
    assert "Retry-After" in responses["429"]["headers"]
    assert "Idempotent-Replayed" in responses["201"]["headers"]
    validate_openapi(schema)
    created = operation["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert components["schemas"][created.rsplit("/", 1)[1]]["required"] == ["id"]
    [key] = [param for param in operation["parameters"] if param["in"] == "header"]
    assert key["name"] == "Idempotency-Key" and not key.get("required")
    body_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = components["schemas"][body_ref.rsplit("/", 1)[1]]
    assert set(body["required"]) == {"name", "consent"}
    assert set(body["properties"]) == {"name", "phone", "email", "condition", "message", "consent"}
    assert body["additionalProperties"] is False
    assert body["properties"]["message"]["maxLength"] == 1000


# Whatever is sent, never a 500

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.text(max_size=30).map(lambda text: text + "\x00")
    | st.sampled_from(["x" * 5000, "+91 22 1234 5678", "a@b.co", "١٢٣٤٥٦٧٨", "0"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
FIELDS = ["name", "phone", "email", "condition", "message", "consent"]


@fuzz_settings(max_examples=120)
@given(
    fields=st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), JSON_VALUES),
    on_a_valid_request=st.booleans(),
    key=st.none() | st.sampled_from(["fuzz-1", "fuzz-2"]),
)
def test_fuzzed_bodies_never_fail(client, app_token, fields, on_a_valid_request, key):
    body = {**valid_request(), **fields} if on_a_valid_request else fields
    response = send(client, app_token, body, key=key)
    assert response.status_code in (201, 422), response.content
    assert response.json()


@pytest.mark.parametrize(
    "body",
    [b"", b"{", b"[]", b"null", b"\xff\xfe", b'{"name": "\\ud800"}', b"1e999999", b"{}" * 1000],
)
def test_bodies_that_are_not_a_request_never_fail(client, app_token, body):
    response = send(client, app_token, body)
    assert response.status_code in (400, 422)
    assert response.json()["status"] == response.status_code
