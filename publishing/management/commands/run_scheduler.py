"""The deploy's scheduler process: runs Wagtail's scheduled publishing and expiry every
minute, so they happen on time even on a site nobody is visiting."""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from publishing.scheduling import publish_due_changes

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Publish scheduled revisions and unpublish expired pages, every --interval seconds."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Run once, then exit.")

    def handle(self, *args, interval, once, **options):
        while True:
            try:
                publish_due_changes()
            except DatabaseError:
                if once:
                    raise
                logger.exception("Scheduled publishing failed; trying again in %ss", interval)
            if once:
                return
            time.sleep(interval)
            # A connection that broke while the process slept (a database restart)
            # is replaced before the next run.
            close_old_connections()
