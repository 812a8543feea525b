"""Run every few minutes (cron): a webhook worker killed mid-delivery leaves its task
"running" and the delivery pending for ever; this sends it again."""

from django.core.management.base import BaseCommand

from webhooks.delivery import requeue_lost_deliveries


class Command(BaseCommand):
    help = "Queue again webhook deliveries whose worker stopped (WEBHOOKS_LOST_AFTER)."

    def handle(self, *args, **options):
        requeued = requeue_lost_deliveries()
        self.stdout.write(f"{len(requeued)} deliveries queued again.")
