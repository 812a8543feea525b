"""Under concurrent load nothing fails and no appointment request is lost.

gunicorn (production settings, two workers) on PostgreSQL serves a fixed number of
rounds from several concurrent clients, each round mixing page views, API reads,
searches and an appointment request; then it stops. Every answer must be the
expected one, and the database must hold exactly the requests that were accepted.
The clients stand behind a trusted proxy (127.0.0.1, as Varnish would be) and each
request carries its own client address, as many patients' would, so the
appointment rate limit counts them apart. `pytest -m load -s` prints the figures."""

import collections
import http.client
import io
import re
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from django.core.management import call_command

from appointments.models import AppointmentRequest
from condition_pages.models import ConditionIndexPage, ConditionPage
from tests.factories.conditions import ConditionPageFactory
from tests.servers import HTTPS, gunicorn, postgres_url, production_env

pytestmark = [pytest.mark.load, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CLIENTS = 8
ROUNDS = 10


class Visitor:
    """One client: its own CSRF cookie, then rounds of reads and one request each."""

    def __init__(self, base_url, number, reads):
        self.address = urllib.parse.urlsplit(base_url).netloc
        self.origin = base_url.replace("http://", "https://")
        self.number = number
        self.reads = reads
        self.results = collections.Counter()
        self.accepted = 0

    def send(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.address, timeout=30)
        try:
            connection.request(method, path, body, {**HTTPS, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.getheader("Set-Cookie", ""), response.read()
        finally:
            connection.close()

    def run(self):
        status, cookie, body = self.send("GET", "/appointments/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        cookie = re.search(r"csrftoken=[^;]+", cookie).group(0)
        for round_number in range(ROUNDS):
            for kind, path in self.reads:
                status, _, _ = self.send("GET", path)
                self.results[kind, status] += 1
            form = {
                "csrfmiddlewaretoken": token.decode(),
                "name": f"Patient {self.number}-{round_number}",
                "phone": "+91 22 1234 5678",
                "consent": "on",
            }
            status, _, _ = self.send(
                "POST",
                "/appointments/",
                urllib.parse.urlencode(form),
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "Referer": f"{self.origin}/appointments/",
                    "X-Forwarded-For": f"198.51.{self.number}.{round_number + 1}",
                },
            )
            self.results["appointment", status] += 1
            self.accepted += status == 302
        return self


@pytest.fixture
def content():
    call_command("load_sample_content", stdout=io.StringIO())
    index = ConditionIndexPage.objects.get()
    for title in ["Anaemia", "Bone marrow failure", "Osteosarcoma", "Myeloma"]:
        ConditionPageFactory(parent=index, title=title)
    return ConditionPage.objects.get(slug="bone-metastases")


def test_mixed_load_has_no_errors_and_loses_no_appointment_request(
    content, collected_static, tmp_path
):
    reads = [
        ("page", "/"),
        ("page", "/conditions/"),
        ("page", "/conditions/bone-metastases/"),
        ("search", "/search/?q=bone+mets"),
        ("api", "/api/v2/pages/?type=condition_pages.ConditionPage&fields=*"),
        ("api", f"/api/v2/pages/{content.pk}/"),
        ("api", "/api/v3/conditions/?search=bone"),
        ("api", f"/api/v3/pages/{content.pk}/"),
    ]
    env = production_env(
        tmp_path,
        STATIC_ROOT=str(collected_static),
        DATABASE_URL=postgres_url(),
        TRUSTED_PROXIES="127.0.0.1",
    )
    with gunicorn(env, workers=2) as url, ThreadPoolExecutor(CLIENTS) as pool:
        visitors = list(pool.map(Visitor.run, [Visitor(url, n, reads) for n in range(CLIENTS)]))

    results = sum((visitor.results for visitor in visitors), collections.Counter())
    accepted = sum(visitor.accepted for visitor in visitors)
    stored = AppointmentRequest.objects.count()
    errors = {key: count for key, count in results.items() if key[1] not in (200, 302)}
    print(
        f"\nload: {sum(results.values())} requests from {CLIENTS} clients, {dict(results)}; "
        f"errors {sum(errors.values())}; appointment requests accepted {accepted}, "
        f"stored {stored}, lost {accepted - stored}"
    )
    assert errors == {}
    assert results["appointment", 302] == CLIENTS * ROUNDS
    assert stored == accepted == CLIENTS * ROUNDS
