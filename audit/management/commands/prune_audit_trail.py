"""Removes audit entries older than settings.AUDIT_RETENTION_DAYS. Run once a day by
the deploy's scheduler (docs/operations.md, "Personal data")."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from audit.models import AuditEvent

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Delete audit entries older than settings.AUDIT_RETENTION_DAYS."

    def handle(self, *args, **options):
        count = AuditEvent.objects.prune()
        message = f"Pruned {count} audit entries older than {settings.AUDIT_RETENTION_DAYS} days."
        logger.info(message)
        self.stdout.write(message)
