"""Deletes the appointment requests past their retention period, with what they left
behind (appointments/deletion.py), each recorded in the audit trail, and logs how many.
Run once a day by the deploy's scheduler (docs/operations.md, "Personal data")."""

import logging

from django.core.management.base import BaseCommand
from django.utils import timezone

from appointments.deletion import delete_requests
from appointments.models import AppointmentRequest
from audit.models import AuditEvent

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Delete appointment requests past their retention period (run daily)."

    def handle(self, *args, **options):
        count = delete_requests(
            AppointmentRequest.objects.past_retention(timezone.now()),
            AuditEvent.Action.PURGED,
            detail_for=lambda appointment: appointment.retention_rule,
        )
        message = f"Purged {count} appointment requests past their retention period."
        logger.info(message)
        self.stdout.write(message)
