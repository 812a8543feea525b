"""The audit trail: who did what to personal data, when, and from which address.

One append-only table for every kind of event (a request viewed, listed, exported,
changed, corrected, erased or purged, a request received, a staff sign-in), written
only through `record()`. Entries name what was touched by id and never copy personal
data: the trail outlives the requests it describes (an erasure is recorded without the
erased data), so it must never become a second copy of them.

Nobody edits or deletes an entry, superusers included: the model refuses updates and
deletions, and the admin offers neither (audit/wagtail_hooks.py). Entries older than
settings.AUDIT_RETENTION_DAYS are removed by `manage.py prune_audit_trail`, the only
deletion there is (`AuditEvent.objects.prune()`)."""

import datetime
import ipaddress

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.client_address import client_ip


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit entry."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries are never changed.")

    def delete(self):
        raise AppendOnlyError("Audit entries are removed only by prune() when they expire.")

    def expired(self, now=None):
        cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
        return self.filter(timestamp__lt=cutoff)

    def prune(self, now=None):
        """Deletes the entries older than the retention period; returns how many."""
        expired = self.expired(now)
        # QuerySet.delete() itself is refused above; this is the one way past it.
        return models.QuerySet.delete(expired)[0]


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        # Appointment requests (appointments/).
        RECEIVED = "request.received", "Request received"
        LISTED = "request.listed", "Requests listed"
        VIEWED = "request.viewed", "Request viewed"
        EXPORTED = "request.exported", "Requests exported"
        STATUS_CHANGED = "request.status_changed", "Status changed"
        PERSON_SEARCHED = "request.person_searched", "A person's requests looked up"
        PERSON_EXPORTED = "request.person_exported", "A person's requests exported for them"
        CORRECTED = "request.corrected", "Request corrected"
        ERASED = "request.erased", "Request erased"
        PURGED = "request.purged", "Request purged (retention)"
        # Staff accounts (staff_accounts/).
        SIGNED_IN = "account.signed_in", "Signed in"
        SIGN_IN_FAILED = "account.sign_in_failed", "Sign-in failed"
        SIGNED_OUT = "account.signed_out", "Signed out"
        TWO_FACTOR_PASSED = "account.two_factor_passed", "Second factor passed"
        TWO_FACTOR_FAILED = "account.two_factor_failed", "Second factor failed"
        TWO_FACTOR_ENROLLED = "account.two_factor_enrolled", "Second factor set up"
        TWO_FACTOR_RESET = "account.two_factor_reset", "Second factor removed"
        RECOVERY_CODES_MADE = "account.recovery_codes_made", "Recovery codes made"
        # The trail itself.
        TRAIL_EXPORTED = "audit.exported", "Audit trail exported"

    timestamp = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    # Who: the account, and its username as it was, which outlives the account.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    actor_name = models.CharField("who", max_length=150, blank=True, editable=False)
    action = models.CharField(max_length=40, choices=Action, db_index=True, editable=False)
    # What: an object's label and id ("Appointment request 12"), never its content.
    object_label = models.CharField("what", max_length=200, blank=True, editable=False)
    object_id = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Which other objects, by id (an export's rows, a person's requests).
    object_ids = models.JSONField(default=list, blank=True, editable=False)
    detail = models.CharField(max_length=500, blank=True, editable=False)
    ip_address = models.GenericIPAddressField("from address", null=True, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-timestamp", "-pk"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        # Django's default add/change/delete permissions are left out: nobody is
        # ever given them (the model refuses both anyway).
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.get_action_display()} ({self.timestamp:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries are removed only by prune() when they expire.")


def _event(action, *, request=None, actor=None, obj=None, object_ids=(), detail=""):
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    return AuditEvent(
        action=action,
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        object_label=str(obj) if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_ids=sorted(object_ids),
        detail=detail[:500],
        ip_address=_address(request),
    )


def _address(request):
    if request is None:
        return None
    address = client_ip(request)
    # REMOTE_ADDR may be empty or a socket path behind some servers.
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record(action, *, request=None, actor=None, obj=None, object_ids=(), detail=""):
    """Appends one entry. `request` gives the actor (its signed-in user) and the client
    address (site_config.security.client_ip, which trusts only configured proxies);
    jobs without a request (the purge) pass neither. `obj` is named by its str() and
    pk, so its str() must never show personal data; `detail` must not either."""
    event = _event(
        action, request=request, actor=actor, obj=obj, object_ids=object_ids, detail=detail
    )
    event.save()
    return event


def record_each(action, objects, *, request=None, actor=None, detail_for=lambda obj: ""):
    """One entry per object, written in one query (a purge or an erasure of many);
    `detail_for(obj)` gives each its detail."""
    return AuditEvent.objects.bulk_create(
        [
            _event(action, request=request, actor=actor, obj=obj, detail=detail_for(obj))
            for obj in objects
        ]
    )
