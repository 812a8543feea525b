"""Run once a day (cron): the delivery log keeps every attempt at every delivery, which
staff need while a receiver is failing, not for ever. Pending deliveries are kept,
whatever their age."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from webhooks.models import WebhookDelivery


class Command(BaseCommand):
    help = "Delete finished webhook deliveries, and their attempts, older than --min-age-days."

    def add_arguments(self, parser):
        parser.add_argument("--min-age-days", type=int, default=90)

    def handle(self, *args, min_age_days, **options):
        old = WebhookDelivery.objects.exclude(status=WebhookDelivery.Status.PENDING).filter(
            created_at__lt=timezone.now() - timedelta(days=min_age_days)
        )
        deleted, by_model = old.delete()
        deliveries = by_model.get(WebhookDelivery._meta.label, 0)
        self.stdout.write(f"{deliveries} deliveries and {deleted - deliveries} attempts deleted.")
