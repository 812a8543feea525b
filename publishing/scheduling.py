"""Scheduled publishing and expiry that take effect on time.

Wagtail records a scheduled go-live (`Revision.approved_go_live_at`) and an expiry
(`expire_at`) but only acts on them when `manage.py publish_scheduled` runs. Two things
run it here:

- every request first checks the earliest pending go-live or expiry, kept in the
  cache; once that time has passed, the request runs publish_scheduled's work before
  anything is read, so every surface (page, A–Z, search, sitemap, APIs, links, the
  appointment form) changes at once, scheduler or not;
- `manage.py run_scheduler`, the deploy's scheduler process, runs the same work every
  minute, so changes also happen on a site nobody visits (and the frontend cache is
  purged then).

Both run the work under one lock (a PostgreSQL advisory lock; elsewhere a cache key),
so two app servers never publish the same revision twice."""

import io
import logging

from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.models import Min
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger(__name__)

CACHE_KEY = "condition_pages:next-scheduled-change"
NOTHING_PENDING = "nothing"
# The earliest time is cached this long at most: a schedule changed without a model
# save (a bulk update, a restore) is still seen within the minute.
RECHECK_SECONDS = 60
LOCK_KEY = "condition_pages:publish-scheduled-lock"
LOCK_SECONDS = 300
ADVISORY_LOCK_ID = 7_372_911_215  # any constant; names this lock in pg_locks


def scheduled_models():
    """Page and every other model Wagtail can schedule, as publish_scheduled finds them."""
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def earliest_pending_change():
    """When the next scheduled go-live or expiry is due, or None."""
    times = [
        Revision.objects.aggregate(at=Min("approved_go_live_at"))["at"],
        *(
            model.objects.filter(live=True).aggregate(at=Min("expire_at"))["at"]
            for model in scheduled_models()
        ),
    ]
    return min((time for time in times if time), default=None)


def change_is_due():
    due = cache.get(CACHE_KEY)
    if due is None:
        earliest = earliest_pending_change()
        due = earliest.timestamp() if earliest else NOTHING_PENDING
        cache.set(CACHE_KEY, due, RECHECK_SECONDS)
    return due != NOTHING_PENDING and due <= timezone.now().timestamp()


def publish_due_changes():
    """publish_scheduled's work (expire, then publish what is due), once at a time."""
    if connection.vendor == "postgresql":
        # A session lock, held outside any transaction the caller may be in: a second
        # server waits, then finds nothing left to do.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_ID])
            try:
                call_command("publish_scheduled", stdout=io.StringIO())
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_ID])
    elif cache.add(LOCK_KEY, True, LOCK_SECONDS):
        try:
            call_command("publish_scheduled", stdout=io.StringIO())
        finally:
            cache.delete(LOCK_KEY)
    cache.delete(CACHE_KEY)


# Answers that never show content: the API's description, its docs, files.
CONTENT_FREE_PATHS = ("/api/v3/openapi.json", "/api/v3/docs", "/static/", "/media/")


class ScheduledPublishingMiddleware:
    """Runs what is due before the request reads any content (see the module's doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(CONTENT_FREE_PATHS):
            return self.get_response(request)
        try:
            if change_is_due():
                publish_due_changes()
        except DatabaseError:
            # The view meets the same database and answers for it (a 503).
            logger.exception("Could not check or run scheduled publishing")
        return self.get_response(request)


@receiver(post_save)
def notice_earlier_change(sender, instance, **kwargs):
    """A revision scheduled, or a live page or snippet given an expiry, earlier than the
    cached time brings that time forward, with no query. A later or cancelled one
    leaves it: the work then runs early, finds nothing, and the time is looked up
    again."""
    if isinstance(instance, Revision):
        moment = instance.approved_go_live_at
    elif isinstance(instance, DraftStateMixin) and instance.live:
        moment = instance.expire_at
    else:
        return
    if moment is None or (due := cache.get(CACHE_KEY)) is None:
        return
    if due == NOTHING_PENDING or moment.timestamp() < due:
        cache.set(CACHE_KEY, moment.timestamp(), RECHECK_SECONDS)
