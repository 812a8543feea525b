"""Deleting appointment requests with everything they left behind, for the retention
purge and for erasure alike, and recording each one in the audit trail in the same
transaction.

Where a request's data lives, and what happens to each:
- the request itself (appointments_appointmentrequest): deleted;
- an app's Idempotency-Key answer (appointments_idempotencykey), which names the
  request's id and keeps a fingerprint of what was sent: deleted with it;
- the audit trail: entries name the request by id only, and stay (that is their use);
- the email to the team: sent at once, never queued in the database, and it names
  no patient (appointments/notifications.py);
- backups: a purged request remains in older backups until they are rotated away, and
  a restored backup brings it back until the next daily purge (docs/operations.md)."""

from django.db import transaction

from audit.models import record_each

from .models import AppointmentRequest, IdempotencyKey


def delete_requests(appointments, action, *, request=None, detail_for=lambda appointment: ""):
    """Deletes `appointments` (a queryset), recording `action` for each with
    `detail_for(appointment)`; returns how many were deleted."""
    with transaction.atomic():
        doomed = list(
            appointments.select_related(None)
            .select_for_update()
            .only("pk", "created_at", "closed_at")
        )
        if not doomed:
            return 0
        ids = [appointment.pk for appointment in doomed]
        record_each(action, doomed, request=request, detail_for=detail_for)
        IdempotencyKey.objects.filter(response_body__id__in=ids).delete()
        AppointmentRequest.objects.filter(pk__in=ids).delete()
    return len(ids)
