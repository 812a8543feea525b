"""Email each content owner the condition pages whose medical review is overdue or
due soon, and translations out of date. Run once a day by the deploy's scheduler (see
docs/editors.md, "Medical review")."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from clinical_review.review_schedule import (
    DUE_SOON_DAYS,
    owner_addresses,
    reminder_addresses,
    review_status,
    reviews_due,
)


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def reminder_text(pages, today):
    lines = [
        "These condition pages need their medical review: overdue, due within "
        f"{DUE_SOON_DAYS} days, or a translation whose English page has been updated "
        "since it was approved.",
        "",
    ]
    if unowned := [page.title for page in pages if not owner_addresses(page)]:
        lines += [
            "You are receiving these as the fallback address: nobody owns "
            f"{', '.join(unowned)}. Set a content owner email or group on the page.",
            "",
        ]
    for page in pages:
        due = f"due {page.next_review_due:%d %B %Y}" if page.next_review_due else "no review date"
        reviewer = f", last reviewed by {page.reviewed_by.name}" if page.reviewed_by else ""
        lines += [
            f"- {page.title}: {review_status(page, today)} ({due}{reviewer})",
            f"  {admin_url(reverse('wagtailadmin_pages:edit', args=[page.pk]))}",
        ]
    lines += [
        "",
        "Start a review from the report in one click:",
        admin_url(reverse("condition_pages_reviews_due")),
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Email each content owner their condition pages whose medical review is due."

    def handle(self, *args, **options):
        today = timezone.localdate()
        by_owner = defaultdict(list)
        for page in reviews_due(today=today):
            if not owner_addresses(page):
                self.stderr.write(f"“{page.title}” has no content owner email to remind.")
            for address in reminder_addresses(page):
                by_owner[address.lower()].append(page)
        messages = [
            (
                f"Medical review due: {len(pages)} condition page{'s' if len(pages) > 1 else ''}",
                reminder_text(pages, today),
                None,  # DEFAULT_FROM_EMAIL
                [address],
            )
            for address, pages in sorted(by_owner.items())
        ]
        # One connection for all; some backends answer None rather than 0 for no mail.
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
        self.stdout.write(f"Sent {sent} review reminder email{'s' if sent != 1 else ''}.")
