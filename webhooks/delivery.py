"""Sending a delivery: a task run by the worker process (`manage.py db_worker
--backend background`), never in the request that published.

Each attempt POSTs the event's JSON, with the time it is sent added, signed with
HMAC-SHA256 over those exact bytes with the subscription's secret. A 2xx answer
delivers it; a connection error, a timeout, a redirect (never followed) or any other
status is retried after WEBHOOKS_RETRY_DELAY seconds, doubling each time, up to
WEBHOOKS_MAX_ATTEMPTS attempts. Every attempt is recorded (DeliveryAttempt, shown in
the admin) and logged. How a POST is sent, and to where it may go: sending.py."""

import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta

from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from condition_pages.models import ConditionPage

from .models import DeliveryAttempt, Event, WebhookDelivery, validate_target_url
from .sending import post

logger = logging.getLogger(__name__)
USER_AGENT = "condition-pages-webhooks/1"


def signature(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signed_request(delivery, number, sent_at):
    """(body, headers) of attempt `number`."""
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
    return body, headers


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
    status_code, error = post(delivery.subscription.url, *signed_request(delivery, number, sent_at))
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
