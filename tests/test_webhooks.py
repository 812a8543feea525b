"""Webhooks: a receiver on loopback gets a signed POST for each publish, unpublish and
deletion of a condition page, sent by the worker from the database queue after the
publish, retried with backoff, every attempt logged; drafts and private pages never
send content."""

import socket
import subprocess
import sys
import time
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command

from wagtail.models import PageViewRestriction

from condition_pages.models import CallToAction
from tests.factories.conditions import ConditionIndexPageFactory, ConditionPageFactory, stream
from tests.servers import REPO, postgres_url, production_env
from tests.webhook_receiver import (
    Listener,
    receiving,
    run_worker,
    throwaway_certificate,
    verify,
)
from webhooks.addresses import is_public
from webhooks.models import DeliveryAttempt, Event, WebhookDelivery, WebhookSubscription
from webhooks.sending import NOT_PUBLIC

# The worker runs on committed rows, as it would in its own process.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def receiver():
    with receiving() as receiver:
        yield receiver


def subscribe(url, events=tuple(Event.values)):
    return WebhookSubscription.objects.create(name="Partner", url=url, events=list(events))


@pytest.fixture
def moderator_token(api_token, condition_index):
    """A member of Wagtail's "Moderators" group, who may publish, with an API token."""
    return api_token("moderator", group="Moderators")


def api(client, method, url, token):
    return getattr(client, method)(
        url, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


@pytest.fixture
def draft(condition_index):
    page = ConditionPageFactory(
        parent=condition_index, title="Bone metastases", slug="bone-metastases", live=False
    )
    page.save_revision()
    return page


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_publish_unpublish_and_delete_reach_the_receiver_signed(
    client, draft, receiver, moderator_token
):
    subscription = subscribe(receiver.url)
    with receiving() as removals:
        subscribe(removals.url, [Event.DELETED])
        publish_unpublish_and_delete(client, draft, receiver, subscription, moderator_token)
    # Each subscription gets only the events it chose.
    assert [event["type"] for event in removals.bodies()] == ["page.deleted"]


def publish_unpublish_and_delete(client, draft, receiver, subscription, moderator_token):
    response = api(client, "post", f"/api/v3/pages/{draft.pk}/actions/publish/", moderator_token)
    assert response.status_code == 200
    assert receiver.requests == [], "sent in the request that published"

    run_worker()
    [(headers, body)] = receiver.requests
    event = verify(subscription.secret, headers, body)
    assert event is not None, "signature or timestamp wrong"
    assert verify(subscription.secret, headers, body.replace(b"Bone", b"Bane")) is None
    assert verify("another secret", headers, body) is None
    draft.refresh_from_db()
    assert event["page"] == {
        "id": draft.pk,
        "locale": "en",
        "slug": "bone-metastases",
        "title": "Bone metastases",
        "url": "http://testserver/conditions/bone-metastases/",
        "last_published_at": draft.last_published_at.isoformat(),
    }
    assert event["type"] == headers["X-Webhook-Event"] == "page.published"
    assert event["id"] == headers["X-Webhook-Id"]
    assert str(event["timestamp"]) == headers["X-Webhook-Timestamp"]
    assert headers["X-Webhook-Attempt"] == "1"
    assert headers["Content-Type"] == "application/json"
    assert datetime.fromisoformat(event["occurred_at"]) >= draft.last_published_at

    response = api(client, "post", f"/api/v3/pages/{draft.pk}/actions/unpublish/", moderator_token)
    assert response.status_code == 200
    response = api(client, "delete", f"/api/v3/pages/{draft.pk}/", moderator_token)
    assert response.status_code == 204
    run_worker()

    events = [verify(subscription.secret, headers, body) for headers, body in receiver.requests]
    assert [(event["type"], event["page"]) for event in events[1:]] == [
        ("page.unpublished", {"id": draft.pk, "locale": "en"}),
        ("page.deleted", {"id": draft.pk, "locale": "en"}),
    ]
    assert len({event["id"] for event in events}) == 3


def test_drafts_and_private_pages_never_send_content(draft, condition_index, receiver):
    subscribe(receiver.url)
    page = published(draft)
    run_worker()
    receiver.requests.clear()

    page.title = "Unreviewed new title"
    page.save_revision()
    another = ConditionPageFactory(parent=condition_index, title="Never published", live=False)
    another.save_revision()
    run_worker()
    assert receiver.requests == []

    # Published, then made private (under its parent) before the worker ran: the
    # queued "published" is not sent, the removal is.
    page.refresh_from_db()  # the live content, not the draft
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=condition_index, restriction_type=PageViewRestriction.LOGIN
    )
    run_worker()
    assert receiver.bodies() == [
        {
            "id": receiver.bodies()[0]["id"],
            "type": "page.unpublished",
            "occurred_at": receiver.bodies()[0]["occurred_at"],
            "timestamp": receiver.bodies()[0]["timestamp"],
            "page": {"id": page.pk, "locale": "en"},
        }
    ]
    assert WebhookDelivery.objects.filter(status=WebhookDelivery.Status.CANCELLED).count() == 1

    # Published under the private parent: nothing; made public again: both pages.
    published(another)
    run_worker()
    assert len(receiver.requests) == 1
    restriction.delete()
    run_worker()
    assert {(event["type"], event["page"]["title"]) for event in receiver.bodies()[1:]} == {
        ("page.published", "Bone metastases"),
        ("page.published", "Never published"),
    }
    assert all(b"Unreviewed" not in body for _headers, body in receiver.requests)

    # A live page deleted: removed, then deleted. A private one: removed when it became
    # private; its deletion repeats the removal (as the change feed does: Wagtail
    # unpublishes before deleting) and its restriction, deleted with it, publishes
    # nothing.
    receiver.requests.clear()
    another.delete()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    page.delete()
    run_worker()
    assert [(event["type"], event["page"]) for event in receiver.bodies()] == [
        ("page.unpublished", {"id": another.pk, "locale": "en"}),
        ("page.deleted", {"id": another.pk, "locale": "en"}),
        ("page.unpublished", {"id": page.pk, "locale": "en"}),
        ("page.unpublished", {"id": page.pk, "locale": "en"}),
        ("page.deleted", {"id": page.pk, "locale": "en"}),
    ]


def log_rows(client, subscription):
    """The delivery log in the admin, as staff read it: one list of cells per row."""
    response = client.get(f"/admin/webhook_log/?subscription={subscription.pk}")
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("table tbody tr")
    return [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in rows]


def test_a_failed_post_is_retried_and_every_attempt_is_in_the_admin(draft, admin_client):
    with receiving(answers=[500]) as receiver:
        subscription = subscribe(receiver.url)
        published(draft)
        run_worker()

    assert [headers["X-Webhook-Attempt"] for headers, _body in receiver.requests] == ["1", "2"]
    first, second = (verify(subscription.secret, h, b) for h, b in receiver.requests)
    assert first["id"] == second["id"] and first["page"] == second["page"]
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.DELIVERED

    rows = log_rows(admin_client, subscription)
    assert len(rows) == 2
    newest, oldest = rows
    assert "HTTP 500" in oldest and "1" in oldest
    assert "HTTP 200" in newest and "2" in newest
    assert all("page.published" in row and str(draft.pk) in row for row in rows)
    listing = admin_client.get("/admin/webhook_subscriptions/").content.decode()
    assert f"/admin/webhook_log/?subscription={subscription.pk}" in listing


def test_a_dead_receiver_is_retried_with_backoff_then_given_up(draft, admin_client, settings):
    # Bound but not listening: every connection is refused, and no other process can
    # take the port meanwhile.
    with socket.socket() as dead:
        dead.bind(("127.0.0.1", 0))
        subscription = subscribe(f"http://127.0.0.1:{dead.getsockname()[1]}/hooks/")
        published(draft)
        run_worker()

    attempts = list(DeliveryAttempt.objects.order_by("number"))
    assert settings.WEBHOOKS_MAX_ATTEMPTS == 3
    assert [attempt.number for attempt in attempts] == [1, 2, 3]
    assert all(a.status_code is None and "refused" in a.error.lower() for a in attempts)
    gaps = [
        (b.sent_at - a.sent_at).total_seconds()
        for a, b in zip(attempts, attempts[1:], strict=False)
    ]
    assert gaps[0] >= settings.WEBHOOKS_RETRY_DELAY
    assert gaps[1] >= 2 * settings.WEBHOOKS_RETRY_DELAY
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.FAILED
    assert all("refused" in " ".join(row).lower() for row in log_rows(admin_client, subscription))


def test_redirects_are_not_followed_and_slow_receivers_time_out(draft, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    settings.WEBHOOKS_TIMEOUT = 0.2
    with (
        receiving() as elsewhere,
        receiving(answers=[307], location=elsewhere.url) as redirecting,
        receiving(delay=0.5) as slow,
    ):
        subscribe(redirecting.url)
        subscribe(slow.url)
        published(draft)
        run_worker()
        assert len(redirecting.requests) == 1
        assert elsewhere.requests == []

    outcomes = {a.delivery.subscription.url: a.outcome for a in DeliveryAttempt.objects.all()}
    assert outcomes == {
        redirecting.url: "HTTP 307 (redirect not followed)",
        slow.url: "timed out after 0.2 s",
    }
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"failed"}


def a_name_for_this_machine():
    """A name (not an address) that resolves to this machine on a private or loopback
    address: its host name, in /etc/hosts or from the resolver."""
    name = socket.gethostname()
    addresses = {info[4][0] for info in socket.getaddrinfo(name, 443, type=socket.SOCK_STREAM)}
    if any(is_public(address) for address in addresses):
        pytest.skip(f"{name} resolves to a public address here: {addresses}")
    return name


def test_no_byte_reaches_a_private_target_and_every_refusal_reads_the_same(draft, settings):
    """As in production: a name that leads to this machine gets no connection at all,
    over https or http, whether its port is open or closed, and the delivery log says
    the same for each, and for a name that does not resolve (no port scan, no map of
    internal names). Address literals that the form now refuses (embedded IPv4 forms
    among them), if saved before, are cancelled before anything is sent."""
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    name = a_name_for_this_machine()
    listener = Listener()
    closed = socket.socket()  # bound, never listening: its port refuses connections
    closed.bind(("", 0))
    try:
        port = listener.port
        refused = [
            f"https://{name}:{port}/hooks/",
            f"http://{name}:{port}/hooks/",
            f"https://{name}:{closed.getsockname()[1]}/hooks/",
            "https://partner.invalid/hooks/",  # RFC 2606: never resolves
        ]
        cancelled = [
            f"https://127.1:{port}/hooks/",
            f"https://[64:ff9b::7f00:1]:{port}/hooks/",  # NAT64 for 127.0.0.1
            f"https://[::ffff:127.0.0.1]:{port}/hooks/",
            f"https://[2002:7f00:1::1]:{port}/hooks/",  # 6to4 for 127.0.0.1
        ]
        for url in refused + cancelled:
            subscribe(url)
        published(draft)
        run_worker()
        assert listener.connected() == 0
    finally:
        listener.close()
        closed.close()

    errors = {a.delivery.subscription.url: a.error for a in DeliveryAttempt.objects.all()}
    assert errors == dict.fromkeys(refused, NOT_PUBLIC)
    statuses = {d.subscription.url: d.status for d in WebhookDelivery.objects.all()}
    assert statuses == {**dict.fromkeys(refused, "failed"), **dict.fromkeys(cancelled, "cancelled")}


def test_https_connects_to_the_checked_address_with_the_name_for_sni_and_certificate(
    draft, settings, tmp_path, monkeypatch
):
    """The socket is connected to the address checked, then TLS runs on it for the
    name in the URL: the receiver is asked for that name (SNI) and its certificate
    must carry it. The same receiver by its address, not on its certificate, is
    refused."""
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    ca, certificate, key = throwaway_certificate(tmp_path, "localhost")
    monkeypatch.setenv("SSL_CERT_FILE", ca)  # a private CA, as an operator would set it
    with receiving(tls=(certificate, key)) as receiver:
        by_name = subscribe(f"https://localhost:{receiver.port}/hooks/")
        by_address = subscribe(receiver.url)
        published(draft)
        run_worker()

    assert "localhost" in receiver.server_names
    [(headers, body)] = receiver.requests
    assert verify(by_name.secret, headers, body)["type"] == "page.published"
    outcomes = {a.delivery.subscription: a.outcome for a in DeliveryAttempt.objects.all()}
    assert outcomes[by_name] == "HTTP 200"
    assert "certificate verify failed" in outcomes[by_address]


@pytest.mark.processes
def test_a_delivery_whose_worker_was_killed_is_sent_again(draft, settings, tmp_path):
    """A worker killed mid-POST (out of memory, a host restart) leaves its task
    "running" for ever; `requeue_lost_deliveries`, run from cron, sends it again."""
    env = production_env(
        tmp_path,
        DATABASE_URL=postgres_url(),  # the worker is its own process (skips on SQLite)
        WEBHOOKS_ALLOW_HTTP="true",
        WEBHOOKS_ALLOW_PRIVATE_TARGETS="true",
    )
    with receiving(delay=30) as receiver:  # holds the first POST while its worker dies
        subscribe(receiver.url)
        published(draft)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--backend=background", "--interval=0.1"],
            cwd=REPO,
            env=env,
        )
        try:
            for _ in range(300):
                if receiver.requests or worker.poll() is not None:
                    break
                time.sleep(0.1)
        finally:
            worker.kill()
            worker.wait(timeout=30)
        assert len(receiver.requests) == 1
        task = DBTaskResult.objects.get()
        assert task.status == TaskResultStatus.RUNNING
        call_command("requeue_lost_deliveries")  # not yet: it may only be slow
        assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING

        settings.WEBHOOKS_LOST_AFTER = 0
        receiver.delay = 0
        call_command("requeue_lost_deliveries")
        run_worker()

    first, again = receiver.requests
    assert event_id(first) == event_id(again)
    assert again[0]["X-Webhook-Attempt"] == "1"  # the first attempt never ended
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.DELIVERED
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "webhooks.delivery.WorkerLost"


def event_id(request):
    headers, _body = request
    return headers["X-Webhook-Id"]


def test_a_receiver_answering_a_byte_at_a_time_is_cut_off_at_the_deadline(draft, settings):
    """Each byte comes well within WEBHOOKS_TIMEOUT, which is longer than the deadline
    besides, so only the deadline on the whole POST stops it (the answer would take
    about 30 s)."""
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    settings.WEBHOOKS_TIMEOUT = 5
    settings.WEBHOOKS_DEADLINE = 1
    with receiving(drip=0.2) as dripping:
        subscribe(dripping.url)
        published(draft)
        run_worker()

    assert DeliveryAttempt.objects.get().outcome == "no whole answer within 1 s"
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.FAILED


def test_a_moved_page_is_sent_as_published_at_its_new_url(draft, receiver, home_page):
    """Webhooks tell what the change feed tells: a move gives the page a new URL."""
    page = published(draft)
    subscription = subscribe(receiver.url)
    archive = ConditionIndexPageFactory(parent=home_page, title="Archive", slug="archive")
    page.move(archive, pos="last-child")
    run_worker()

    [(headers, body)] = receiver.requests
    event = verify(subscription.secret, headers, body)
    assert event["type"] == "page.published"
    assert event["page"]["url"] == "http://testserver/archive/bone-metastases/"


def test_events_name_the_page_language_removals_too(draft, receiver, translate):
    page = published(draft)
    subscription = subscribe(receiver.url)
    hindi = translate(page, "hi", title="हड्डी मेटास्टेसिस")
    hindi_id = hindi.pk
    run_worker()  # a publish still queued when its page goes is not sent
    hindi.delete()
    run_worker()

    events = [verify(subscription.secret, headers, body) for headers, body in receiver.requests]
    assert [(event["type"], event["page"]["id"], event["page"]["locale"]) for event in events] == [
        ("page.published", hindi_id, "hi"),
        ("page.unpublished", hindi_id, "hi"),
        ("page.deleted", hindi_id, "hi"),
    ]
    assert events[0]["page"]["url"].startswith("http://testserver/hi/")


def test_a_renamed_section_and_a_changed_call_to_action_are_sent_as_publishes(
    draft, receiver, condition_index, django_capture_on_commit_callbacks
):
    """Webhooks tell what the change feed tells: the articles beneath a section whose
    slug changed have new URLs; an article whose call to action changed has new JSON."""
    draft.body = stream("symptoms", "reusable_call_to_action")
    page = published(draft)
    subscription = subscribe(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        condition_index.slug = "diseases"
        condition_index.save_revision().publish()
    call_to_action = CallToAction.objects.get()
    call_to_action.headline = "Book a second opinion"
    if hasattr(call_to_action, "save_revision"):  # draft states (issue 18)
        call_to_action.save_revision().publish()
    else:
        call_to_action.save()
    run_worker()

    events = [verify(subscription.secret, headers, body) for headers, body in receiver.requests]
    assert [(event["type"], event["page"]["id"]) for event in events] == [
        ("page.published", page.pk),
        ("page.published", page.pk),
    ]
    assert events[0]["page"]["url"] == "http://testserver/diseases/bone-metastases/"
