"""Which live condition pages are due for their medical review, and who to tell.

One definition for the admin report, the dashboard panel and the reminder emails: a
live page is *overdue* when its next review date has passed or it has none (it was
never reviewed), and *due soon* when the date falls within DUE_SOON_DAYS. A translation
is due too, whatever its date, once it is *out of date*: its English page got a newly
approved revision after it was last approved (condition_pages.translations)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from condition_pages.languages import newer_source
from condition_pages.models import ConditionPage

DUE_SOON_DAYS = 30
OVERDUE = "Overdue"
NEVER_REVIEWED = "Overdue: no review recorded"
NO_OWNER = "Nobody to remind"
DUE_SOON = "Due soon"
TRANSLATION_OUT_OF_DATE = "Translation out of date"


def reviews_due(pages=None, *, today=None, days=DUE_SOON_DAYS):
    """Live condition pages (of `pages`, default all) overdue or due within `days`,
    the most pressing first."""
    today = today or timezone.localdate()
    pages = ConditionPage.objects.all() if pages is None else pages
    horizon = today + datetime.timedelta(days=days)
    return (
        pages.live()
        .annotate(translation_out_of_date=newer_source())
        .filter(
            Q(next_review_due__lte=horizon)
            | Q(next_review_due__isnull=True)
            | Q(translation_out_of_date=True)
        )
        .select_related("reviewed_by", "owner", "locale", "content_owner_group")
        .prefetch_related(
            Prefetch(
                "content_owner_group__user_set",
                queryset=get_user_model().objects.filter(is_active=True).exclude(email=""),
                to_attr="members_to_remind",
            )
        )
        .order_by(F("next_review_due").asc(nulls_first=True), "title", "pk")
    )


def review_status(page, today=None):
    today = today or timezone.localdate()
    if getattr(page, "translation_out_of_date", False):
        return TRANSLATION_OUT_OF_DATE
    if page.next_review_due is None:
        return NEVER_REVIEWED
    return OVERDUE if page.next_review_due < today else DUE_SOON


def owner_addresses(page):
    """The content owner's address and each active member of the content owner group
    (pages from reviews_due(), which fetches them); else the email of the page's owner
    in the admin; empty when nobody can be reminded."""
    addresses = [page.content_owner_email] if page.content_owner_email else []
    if page.content_owner_group:
        addresses += [member.email for member in page.content_owner_group.members_to_remind]
    if not addresses and page.owner and page.owner.email:
        addresses = [page.owner.email]
    return sorted({address.lower() for address in addresses})


def reminder_addresses(page):
    """Where the page's reminder goes: its owners, else the fallback address
    (settings.REVIEW_REMINDER_FALLBACK_EMAIL), so no reminder goes nowhere."""
    fallback = settings.REVIEW_REMINDER_FALLBACK_EMAIL
    return owner_addresses(page) or ([fallback] if fallback else [])
