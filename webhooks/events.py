"""What a webhook says about a condition page, and who is told.

`notify_subscribers(event_type, page_id, locale)` is the one entry point, called for
each entry of the change log (signals.py). It stores one delivery per interested
subscription and queues it, in the caller's transaction: a publish that rolls back
sends nothing, and the worker only sees deliveries once the publish has committed
(the queue is a database table, django-tasks-db)."""

import uuid

from django.utils import timezone

from condition_pages.models import ConditionPage

from .delivery import deliver
from .models import Event, WebhookDelivery, WebhookSubscription


def page_content(page, locale):
    """What a "published" event carries: enough to find and fetch the page, no body."""
    return {
        "id": page.pk,
        "locale": locale,
        "slug": page.slug,
        "title": page.title,
        "url": page.get_full_url(),
        "last_published_at": page.last_published_at.isoformat() if page.last_published_at else None,
    }


def describe(event_type, page_id, locale, page=None):
    """The event's JSON, without the sending time each attempt adds (delivery.py).
    Removals are tombstones: the page's id and language, nothing of its content."""
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "occurred_at": timezone.now().isoformat(),
        "page": {"id": page_id, "locale": locale} if page is None else page_content(page, locale),
    }


def notify_subscribers(event_type, page_id, locale):
    """Queue `event_type` about the page for every active subscription that wants it.
    Content goes out only for a page a visitor may see: a draft, an expired page or a
    private one (itself or under a private parent) is never "published" here."""
    active = WebhookSubscription.objects.filter(is_active=True)
    subscriptions = [subscription for subscription in active if subscription.wants(event_type)]
    if not subscriptions:
        return []
    page = None
    if event_type == Event.PUBLISHED:
        page = ConditionPage.objects.visible().filter(pk=page_id).first()
        if page is None:
            return []
    event = describe(event_type, page_id, locale, page)
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            event_id=event["id"],
            event_type=event_type,
            page_id=page_id,
            event=event,
        )
        for subscription in subscriptions
    )
    for delivery in deliveries:
        deliver.enqueue(delivery.pk)
    return deliveries
