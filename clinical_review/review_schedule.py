"""Which live condition pages are due for their medical review, and who to tell.

One definition for the admin report, the dashboard panel and the reminder emails: a
live page is *overdue* when its next review date has passed or it has none (it was
never reviewed), and *due soon* when the date falls within DUE_SOON_DAYS."""

import datetime

from django.db.models import F, Q
from django.utils import timezone

from condition_pages.models import ConditionPage

DUE_SOON_DAYS = 30
OVERDUE = "Overdue"
NEVER_REVIEWED = "Overdue: no review recorded"
DUE_SOON = "Due soon"


def reviews_due(pages=None, *, today=None, days=DUE_SOON_DAYS):
    """Live condition pages (of `pages`, default all) overdue or due within `days`,
    the most pressing first."""
    today = today or timezone.localdate()
    pages = ConditionPage.objects.all() if pages is None else pages
    horizon = today + datetime.timedelta(days=days)
    return (
        pages.live()
        .filter(Q(next_review_due__lte=horizon) | Q(next_review_due__isnull=True))
        .select_related("reviewed_by", "owner")
        .order_by(F("next_review_due").asc(nulls_first=True), "title", "pk")
    )


def review_status(page, today=None):
    today = today or timezone.localdate()
    if page.next_review_due is None:
        return NEVER_REVIEWED
    return OVERDUE if page.next_review_due < today else DUE_SOON


def reminder_address(page):
    """The content owner's address, else the email of the page's owner in the admin."""
    if page.content_owner_email:
        return page.content_owner_email
    return page.owner.email if page.owner and page.owner.email else ""
