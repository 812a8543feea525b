"""The site outlives its cache, its HTTP cache and its database.

Redis down: every page and API read still answers, built from the database, and the
cache's errors are logged. Database down or not answering: gunicorn, running the
production settings, answers within its timeouts a 503 with Retry-After (a page in
the site's layout, or problem+json from the API), and an appointment request comes
back with what the patient typed and the number to call. The database outage is
real: gunicorn reaches PostgreSQL through a TCP relay (tests/servers.py) that the test
cuts, so these run on PostgreSQL only. A shared HTTP cache that takes connections and
never answers delays a publish by one purge timeout, not for ever."""

import io
import json
import logging
import re
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command
from django.test import Client

from appointments.models import AppointmentRequest
from condition_pages.models import ConditionPage
from site_config.settings.base import caches
from tests.servers import (
    REPO,
    Relay,
    free_port,
    get,
    gunicorn,
    postgres_url,
    production_env,
)

# --- Redis ---------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The production cache configuration, pointed at a port where nothing listens."""
    settings.CACHES = caches(f"redis://127.0.0.1:{free_port()}/0")


def test_every_page_and_api_read_answers_with_redis_down(redis_down, condition_page, caplog):
    client = Client()
    reads = [
        "/",
        "/conditions/",
        "/conditions/bone-metastases/",
        "/search/?q=bone",
        "/appointments/",
        "/sitemap.xml",
        "/api/v2/pages/?type=condition_pages.ConditionPage&fields=*",
        f"/api/v2/pages/{condition_page.pk}/",
        "/api/v3/conditions/",
        f"/api/v3/pages/{condition_page.pk}/",
    ]
    with caplog.at_level(logging.ERROR, logger="django_redis"):
        statuses = {url: client.get(url).status_code for url in reads}

    assert statuses == dict.fromkeys(reads, 200)
    # Logged, not raised.
    assert any(record.name.startswith("django_redis") for record in caplog.records)


def test_appointment_requests_are_stored_with_redis_down(redis_down, condition_page):
    response = Client().post(
        "/appointments/",
        {"name": "Asha Patel", "phone": "+91 22 1234 5678", "consent": "on"},
    )

    assert response.status_code == 302
    assert AppointmentRequest.objects.get().name == "Asha Patel"


def test_page_passwords_stay_throttled_with_redis_down(
    redis_down, settings, restrict_page, make_condition
):
    settings.PAGE_PASSWORD_RATE_LIMIT = "10/10m"
    page = make_condition(title="Private", slug="private")
    restrict_page(page, "password")
    restriction = page.get_view_restrictions().get()
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    guesser = Client()

    answers = [
        guesser.post(url, {"password": f"guess-{n}", "return_url": page.url}).status_code
        for n in range(40)
    ]
    right = guesser.post(url, {"password": "the-page-password", "return_url": page.url})

    # The fixture's own right guess counted as the first from this address.
    assert answers.count(429) == 31
    assert right.status_code == 429


def test_appointment_requests_stay_limited_per_address_with_redis_down(redis_down, condition_page):
    statuses = [
        Client()
        .post("/appointments/", {"name": f"Patient {n}", "phone": "9876543210", "consent": "on"})
        .status_code
        for n in range(20)
    ]

    assert statuses.count(302) == 5  # APPOINTMENTS_RATE_LIMIT, 5 in 10 minutes
    assert AppointmentRequest.objects.count() == 5


def test_sample_content_loads_with_redis_down(redis_down, db):
    call_command("load_sample_content", stdout=io.StringIO())

    assert ConditionPage.objects.live().filter(slug="bone-metastases").exists()
    assert Client().get("/conditions/bone-metastases/").status_code == 200


# --- The HTTP cache --------------------------------------------------------------


@pytest.fixture
def hung_http_cache(settings):
    """Varnish's address, where connections are taken and never answered."""
    cache = Relay(("127.0.0.1", free_port()))
    cache.set_mode("blackhole")
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "publishing.cache_purge.HTTPPurgeBackend",
            "LOCATION": f"http://127.0.0.1:{cache.port}",
            "TIMEOUT": 1,
        }
    }
    # Were a purge to wait for ever, cutting its connection ends the test.
    cut = threading.Timer(60, cache.close)
    cut.start()
    yield cache
    cut.cancel()
    cache.close()


def test_a_cache_that_never_answers_delays_a_publish_by_one_timeout(
    hung_http_cache, condition_page, django_capture_on_commit_callbacks, caplog
):
    condition_page.title = "Bone metastases (secondary bone cancer)"
    with (
        caplog.at_level(logging.ERROR, logger="wagtail.frontendcache"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        condition_page.save_revision().publish()

    assert ConditionPage.objects.live().get(pk=condition_page.pk).title.endswith("bone cancer)")
    # One purge timed out and the rest of the batch was skipped, not each waited for.
    timed_out, skipped = [record.getMessage() for record in caplog.records]
    assert timed_out.endswith("timed out")
    assert re.fullmatch(r"Skipped purging \d+ more URLs: the HTTP cache did not answer", skipped)


# --- PostgreSQL ----------------------------------------------------------------


@pytest.fixture
def relay(django_db_serialized_rollback, transactional_db):
    # Serialized rollback: the flush after a transactional test would also remove
    # what Wagtail's migrations created (the root page), which later tests need.
    database = urllib.parse.urlsplit(postgres_url())
    relay = Relay((database.hostname, database.port))
    yield relay
    relay.close()


@pytest.fixture
def site(relay, condition_page, collected_static, tmp_path):
    """gunicorn with the production settings, its database through the relay."""
    env = production_env(
        tmp_path,
        STATIC_ROOT=str(collected_static),
        DATABASE_URL=postgres_url(port=relay.port),
        DATABASE_CONNECT_TIMEOUT="2",
    )
    with gunicorn(env) as url:
        yield url


def page(body):
    return BeautifulSoup(body, "html.parser")


@pytest.mark.processes
def test_database_down_pages_answer_503_in_the_site_layout(site, relay, condition_page):
    assert get(f"{site}/conditions/bone-metastases/")[0] == 200

    relay.set_mode("refuse")
    status, headers, body = get(f"{site}/conditions/bone-metastases/")

    assert status == 503
    assert int(headers["Retry-After"]) > 0
    soup = page(body)
    assert soup.h1.text == "Sorry, this service is briefly unavailable"
    assert soup.select_one("header a.site-header__logo")
    assert soup.select_one('main a[href^="tel:"]').text == "+91 22 1234 5678"
    assert "call 112" in soup.main.text

    # The database is back: so is the page.
    relay.set_mode("pass")
    assert get(f"{site}/conditions/bone-metastases/")[0] == 200


@pytest.mark.processes
def test_database_down_api_answers_problem_json_503(site, relay, condition_page):
    relay.set_mode("refuse")
    for path in [
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v3/conditions/",
        "/api/v3/pages/{id}/",
    ]:
        status, headers, body = get(site + path.format(id=condition_page.pk))

        assert status == 503, path
        assert headers["Content-Type"] == "application/problem+json"
        assert int(headers["Retry-After"]) > 0
        assert json.loads(body)["status"] == 503


@pytest.mark.processes
def test_database_not_answering_times_out_into_a_503(site, relay):
    # The database host accepts connections and then says nothing. Without a connect
    # timeout the worker would wait until gunicorn killed it, and the client would
    # get no answer at all (this request gives up after 25 seconds).
    relay.set_mode("blackhole")
    status, headers, body = get(f"{site}/conditions/", timeout=25)

    assert status == 503
    assert "Retry-After" in headers


@pytest.mark.processes
def test_a_database_that_stops_answering_mid_connection_is_a_503_within_seconds(
    relay, condition_page, collected_static, tmp_path
):
    """Packets dropped on an open connection: the server never sees the query, so its
    statement timeout cannot fire; the client's own deadline (core.database) must. With
    the shipped timeouts (5 s statement, 5 s connect) a page and /readyz answer 503 in
    seconds (the second at once: the process has just found the database gone), and
    the site recovers on its own when the network does."""
    env = production_env(
        tmp_path, STATIC_ROOT=str(collected_static), DATABASE_URL=postgres_url(port=relay.port)
    )
    with gunicorn(env) as site:
        assert get(f"{site}/conditions/bone-metastases/")[0] == 200  # a connection is open
        relay.set_mode("stall")

        for path in ["/conditions/bone-metastases/", "/readyz"]:
            started = time.monotonic()
            status, headers, _ = get(f"{site}{path}", timeout=25)
            waited = time.monotonic() - started
            print(f"{path}: {status} after {waited:.1f} s")
            assert status == 503, path
            assert waited < 10, (path, waited)  # 6 s at most, with room for a slow machine

        relay.set_mode("pass")
        # Connections fail at once for DATABASE_CONNECT_TIMEOUT (5 s), then reconnect.
        deadline = time.monotonic() + 60
        while get(f"{site}/conditions/bone-metastases/")[0] != 200:
            assert time.monotonic() < deadline, "the site never recovered"
            time.sleep(0.5)


@pytest.mark.processes
def test_statement_timeout_cancels_a_slow_query(db, tmp_path):
    env = production_env(tmp_path, DATABASE_URL=postgres_url(), DATABASE_STATEMENT_TIMEOUT="500")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute('SELECT pg_sleep(20)')",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "canceling statement due to statement timeout" in result.stderr


@pytest.mark.processes
def test_database_down_appointment_form_keeps_what_was_typed(site, relay, condition_page):
    status, headers, body = get(f"{site}/appointments/")
    token = page(body).select_one("input[name=csrfmiddlewaretoken]")["value"]
    cookie = re.search(r"csrftoken=[^;]+", headers["Set-Cookie"]).group(0)
    typed = {
        "csrfmiddlewaretoken": token,
        "name": "Asha Patel",
        "phone": "+91 98765 43210",
        "email": "asha@example.org",
        "condition": str(condition_page.pk),
        "message": "Mornings, please — not Tuesdays.",
        "consent": "on",
        "website": "",
    }
    post_headers = {"Cookie": cookie, "Referer": f"{site}/appointments/".replace("http", "https")}

    relay.set_mode("refuse")
    status, headers, body = get(
        f"{site}/appointments/", urllib.parse.urlencode(typed).encode(), post_headers
    )

    assert status == 503
    assert int(headers["Retry-After"]) > 0
    soup = page(body)
    assert soup.select_one("[role=alert] h2").text == "Sorry, we could not send your request"
    assert soup.select_one('[role=alert] a[href^="tel:"]').text == "+91 22 1234 5678"
    form = {
        field["name"]: field.get("value", field.text.removeprefix("\n"))
        for field in soup.select("form.appointment-form input, form.appointment-form textarea")
        if field.get("type") != "checkbox" or field.has_attr("checked")
    }
    assert {name: form.get(name) for name in typed if name != "csrfmiddlewaretoken"} == {
        **{name: value for name, value in typed.items() if name != "csrfmiddlewaretoken"},
        "message": "Mornings, please — not Tuesdays.",
    }

    # Sent again once the database is back, the form as it came back is stored.
    relay.set_mode("pass")
    status, _, _ = get(
        f"{site}/appointments/",
        urllib.parse.urlencode(form).encode(),
        post_headers,
        follow_redirects=True,
    )
    assert status == 200  # urllib followed the redirect to the thanks page
    stored = AppointmentRequest.objects.get()
    assert (stored.name, stored.message, stored.condition_id) == (
        "Asha Patel",
        "Mornings, please — not Tuesdays.",
        condition_page.pk,
    )
