"""Sending a delivery: a task run by the worker process (`manage.py db_worker
--backend background`), never in the request that published.

Each attempt POSTs the event's JSON, with the time it is sent added, signed with
HMAC-SHA256 over those exact bytes with the subscription's secret. A 2xx answer
delivers it; a connection error, a timeout, a redirect (never followed, so a receiver
cannot send the POST on to another host) or any other status is retried after
WEBHOOKS_RETRY_DELAY seconds, doubling each time, up to WEBHOOKS_MAX_ATTEMPTS
attempts. Every attempt is recorded (DeliveryAttempt, shown in the admin) and logged.
Unless WEBHOOKS_ALLOW_PRIVATE_TARGETS, a POST goes to public addresses only: the
address connected to is checked before anything is sent over the connection."""

import hashlib
import hmac
import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from condition_pages.models import ConditionPage

from .models import (
    PRIVATE_TARGET,
    DeliveryAttempt,
    Event,
    WebhookDelivery,
    is_private_address,
    validate_target_url,
)

logger = logging.getLogger(__name__)
USER_AGENT = "condition-pages-webhooks/1"


def signature(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signed_request(delivery, number, sent_at):
    subscription = delivery.subscription
    timestamp = int(sent_at.timestamp())
    # The timestamp is inside the signed body, so a replayed POST cannot be made to
    # look recent; the header repeats it for convenience.
    body = json.dumps(
        {**delivery.event, "timestamp": timestamp}, separators=(",", ":"), sort_keys=True
    ).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Webhook-Id": str(delivery.event_id),
        "X-Webhook-Event": delivery.event_type,
        "X-Webhook-Timestamp": str(timestamp),
        "X-Webhook-Attempt": str(number),
        "X-Webhook-Signature": signature(subscription.secret, body),
    }
    return urllib.request.Request(subscription.url, data=body, headers=headers, method="POST")


class RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx status


class PrivateTargetError(ConnectionError):
    pass


class PublicAddressesOnly:
    """An HTTP(S) connection that, once connected, refuses a peer on a private address.
    Checked on the socket rather than on a DNS answer, so that a name resolving to a
    public address when checked and a private one when used cannot get through."""

    def connect(self):
        super().connect()
        peer = self.sock.getpeername()[0]
        if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS and is_private_address(peer):
            self.close()
            raise PrivateTargetError(f"{peer}: {PRIVATE_TARGET}")


class PublicHTTPConnection(PublicAddressesOnly, http.client.HTTPConnection):
    pass


class PublicHTTPSConnection(PublicAddressesOnly, http.client.HTTPSConnection):
    pass


class PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(PublicHTTPConnection, req)


class PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(PublicHTTPSConnection, req, context=self._context)


OPENER = urllib.request.build_opener(RefuseRedirects, PublicHTTPHandler, PublicHTTPSHandler)


def post(request):
    """(status code or None, error text) of one POST; the answer's body is read up to
    WEBHOOKS_MAX_RESPONSE_BYTES and dropped."""
    try:
        with OPENER.open(request, timeout=settings.WEBHOOKS_TIMEOUT) as response:
            response.read(settings.WEBHOOKS_MAX_RESPONSE_BYTES)
            return response.status, ""
    except urllib.error.HTTPError as error:
        with error:
            error.read(settings.WEBHOOKS_MAX_RESPONSE_BYTES)
        note = "redirect not followed" if 300 <= error.code < 400 else ""
        return error.code, note
    except urllib.error.URLError as error:
        return None, describe_error(error.reason)
    except (OSError, http.client.HTTPException) as error:
        return None, describe_error(error)


def describe_error(error):
    text = str(error) or type(error).__name__
    if isinstance(error, TimeoutError):
        text = f"timed out after {settings.WEBHOOKS_TIMEOUT} s"
    return text[:300]


def retry_delay(number):
    """Seconds to wait after failed attempt `number` (1, 2, …)."""
    return settings.WEBHOOKS_RETRY_DELAY * 2 ** (number - 1)


def reason_not_to_send(delivery):
    subscription = delivery.subscription
    if not subscription.is_active:
        return "subscription switched off"
    if (
        delivery.event_type == Event.PUBLISHED
        and not ConditionPage.objects.visible().filter(pk=delivery.page_id).exists()
    ):
        # Unpublished, deleted or made private since: its removal is sent instead.
        return "page no longer visible"
    try:
        validate_target_url(subscription.url)
    except ValidationError as error:
        return error.messages[0]
    return None


@task(backend="background")
def deliver(delivery_id):
    delivery = (
        WebhookDelivery.objects.select_related("subscription")
        .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .first()
    )
    if delivery is None:  # its subscription was deleted, or it was already sent
        return
    if reason := reason_not_to_send(delivery):
        logger.info("Webhook delivery %s cancelled: %s", delivery.pk, reason)
        delivery.status = WebhookDelivery.Status.CANCELLED
        delivery.save(update_fields=["status"])
        return

    number = delivery.attempts.count() + 1
    sent_at = timezone.now()
    started = time.monotonic()
    status_code, error = post(signed_request(delivery, number, sent_at))
    duration_ms = round((time.monotonic() - started) * 1000)
    succeeded = status_code is not None and 200 <= status_code < 300
    logger.info(
        "Webhook %s (%s, page %s) to %s, attempt %s: %s %s in %s ms",
        delivery.event_id,
        delivery.event_type,
        delivery.page_id,
        delivery.subscription.url,
        number,
        status_code,
        error,
        duration_ms,
    )

    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            sent_at=sent_at,
            duration_ms=duration_ms,
            status_code=status_code,
            error=error,
            succeeded=succeeded,
        )
        if succeeded:
            delivery.status = WebhookDelivery.Status.DELIVERED
        elif number >= settings.WEBHOOKS_MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
        else:
            run_after = timezone.now() + timedelta(seconds=retry_delay(number))
            deliver.using(run_after=run_after).enqueue(delivery.pk)
        delivery.save(update_fields=["status"])


def requeue_lost_deliveries():
    """Marks each delivery task that lost its worker failed and queues its delivery
    again if it is still pending; returns the ids of the deliveries queued again. The
    repeated POST carries the same event id, on which receivers de-duplicate."""
    lost_after = timedelta(seconds=settings.WEBHOOKS_LOST_AFTER)
    lost = DBTaskResult.objects.running().filter(
        task_path=deliver.module_path, started_at__lt=timezone.now() - lost_after
    )
    requeued = []
    for task_result in lost:
        with transaction.atomic():
            taken = DBTaskResult.objects.filter(
                pk=task_result.pk, status=TaskResultStatus.RUNNING
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="webhooks.delivery.WorkerLost",
                traceback=f"No worker finished this task within {lost_after}.",
            )
            delivery_id = task_result.args_kwargs["args"][0]
            pending = WebhookDelivery.objects.filter(
                pk=delivery_id, status=WebhookDelivery.Status.PENDING
            )
            if taken and pending.exists():
                deliver.enqueue(delivery_id)
                requeued.append(delivery_id)
                logger.warning("Webhook delivery %s lost its worker: queued again", delivery_id)
    return requeued
