"""Webhook subscriptions (managed by staff in the admin), the deliveries made to them
and every attempt at each delivery (shown to staff, read-only)."""

import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .addresses import is_local_name, is_public, literal_address


class Event(models.TextChoices):
    PUBLISHED = "page.published", "Published"
    UNPUBLISHED = "page.unpublished", "Unpublished (or made private)"
    DELETED = "page.deleted", "Deleted"


def new_secret():
    return secrets.token_urlsafe(32)


PRIVATE_TARGET = "Enter a public address: this one is on the server itself or on a private network."


def validate_target_url(url):
    """http or https with a host; plain http only where settings.WEBHOOKS_ALLOW_HTTP
    (development and tests: production refuses it unless told otherwise), since the
    body and its signature would cross the network readable by anyone on the way."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("Enter an http:// or https:// URL.", code="scheme")
    if parts.scheme == "http" and not settings.WEBHOOKS_ALLOW_HTTP:
        raise ValidationError("Enter an https:// URL: plain http is not allowed.", code="https")
    if parts.username or parts.password:
        raise ValidationError("Put no user name or password in the URL.", code="credentials")
    if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS and is_private_host(parts.hostname):
        raise ValidationError(PRIVATE_TARGET, code="private")


def is_private_host(hostname):
    """For a URL's host as typed (urlsplit lowercases it): an address that is not
    public (addresses.py), or localhost. Other names are checked when sending, on
    every address they resolve to then (sending.py), since a name may lead elsewhere
    later."""
    address = literal_address(hostname)
    if address is None:
        return is_local_name(hostname)
    return not is_public(address)


class WebhookSubscription(models.Model):
    name = models.CharField(max_length=100, help_text="Who receives these, e.g. a partner's name.")
    url = models.URLField(
        "target URL",
        max_length=500,
        validators=[validate_target_url],
        help_text="Each event is POSTed here as signed JSON.",
    )
    events = models.JSONField(default=list, help_text="Which events are sent.")
    is_active = models.BooleanField("active", default=True)
    # Made by the server when the subscription is first saved, never typed: staff
    # copy it to the receiver, and can replace it (forms.py).
    secret = models.CharField(max_length=64, editable=False)
    secret_created_at = models.DateTimeField("secret made", null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "webhook subscription"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.secret:
            self.rotate_secret()
        super().save(*args, **kwargs)

    def rotate_secret(self):
        """A new secret; the old one stops working at once."""
        self.secret = new_secret()
        self.secret_created_at = timezone.now()

    def wants(self, event_type):
        return self.is_active and event_type in self.events


class WebhookDelivery(models.Model):
    """One event for one subscription. The event's JSON is fixed when it happens;
    each attempt adds the time it is sent and signs the whole body."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"
        # Not sent: the subscription was switched off, or a "published" page was no
        # longer visible by the time it was to be sent.
        CANCELLED = "cancelled", "Cancelled"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The same for every subscription that receives the event: receivers de-duplicate on it.
    event_id = models.UUIDField(default=uuid.uuid4, db_index=True)
    event_type = models.CharField(max_length=32, choices=Event)
    # No foreign key: deletions are delivered after the page is gone.
    page_id = models.PositiveIntegerField()
    event = models.JSONField()
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.get_event_type_display()} of page {self.page_id} to {self.subscription}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField("attempt")
    sent_at = models.DateTimeField(db_index=True)
    duration_ms = models.PositiveIntegerField("duration (ms)")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"Attempt {self.number} of {self.delivery}"

    @property
    def outcome(self):
        if self.status_code is not None:
            return f"HTTP {self.status_code}" + (f" ({self.error})" if self.error else "")
        return self.error
