"""The change log behind `/api/v3/changes/`: an append-only record of every condition
page that became public, moved, or stopped being public, written from Wagtail's
signals, so that apps keep in sync by reading what changed since they last asked
instead of re-crawling.

Entries carry no content, only the page id, its language, the kind of change and its
time: what a live entry shows (title, slug, URL) is read from the page when the feed
is read, and only while the page is visible, so an entry never shows a draft or a
private page, whatever happened to the page since. Removals (unpublished, deleted) are
tombstones and are always shown.

Other code learns that a change was recorded from the `change_recorded` signal (or
PageChange's post_save): sent inside the transaction that made the change, so a
receiver that talks to the outside world (a webhook delivery) should defer its work
with `transaction.on_commit` or a task.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import (
    DraftStateMixin,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    TranslatableMixin,
)
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
)

from condition_pages.languages import language_of
from condition_pages.models import CallToAction, ConditionPage, RelatedCondition

# Sent with sender=PageChange and change=<the PageChange> for each entry recorded.
change_recorded = Signal()

# Any constant: the key of PostgreSQL's advisory lock that writers take turns on.
WRITERS_LOCK = 0x636F6E74656E74  # "content"


class PageChangeQuerySet(models.QuerySet):
    def for_the_public(self):
        """What anyone may read: every removal, and the live entries of pages that a
        visitor may see now (live, and under no view restriction)."""
        visible_pages = ConditionPage.objects.visible().filter(pk=OuterRef("page_id"))
        return self.filter(Q(kind__in=PageChange.REMOVALS) | Exists(visible_pages))


class PageChange(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", "published (became public)"
        MOVED = "moved", "moved (new URL)"
        EMBEDDED_CHANGED = "embedded_changed", "what it shows of another object changed"
        UNPUBLISHED = "unpublished", "unpublished (no longer public)"
        DELETED = "deleted", "deleted"

    LIVE = (Kind.PUBLISHED, Kind.MOVED, Kind.EMBEDDED_CHANGED)
    REMOVALS = (Kind.UNPUBLISHED, Kind.DELETED)

    # The id is the feed's cursor: entries are read in id order (see `record`).
    # Not a foreign key: a deleted page's tombstone outlives it.
    page_id = models.IntegerField()
    # The page's language code (`en`, `hi`, `mr`), kept so that a tombstone gives it too.
    locale = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = PageChangeQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.kind} page {self.page_id} at {self.changed_at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The change log is append-only: an entry is never changed.")
        super().save(*args, **kwargs)


def take_turns():
    """Entries must become readable in id order, or a reader that has seen entry 11
    would never see an entry 10 committed after it. PostgreSQL hands out ids outside
    transactions, so two publishes at once could commit out of order: writers take
    turns on a lock held until their transaction commits. SQLite has one writer at
    a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITERS_LOCK])


def record(kind, page_ids, locales=None):
    """Append an entry of `kind` for each of these condition pages, in order, and
    send `change_recorded` for each: the one way entries are written. Their languages
    are looked up, or given in `locales` ({page id: code}) for pages already deleted."""
    page_ids = list(dict.fromkeys(page_ids))
    locales = {
        **dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "locale__language_code")),
        **(locales or {}),
    }
    changes = []
    with transaction.atomic():
        take_turns()
        for page_id in page_ids:
            change = PageChange.objects.create(
                page_id=page_id,
                kind=kind,
                locale=locales.get(page_id, settings.LANGUAGE_CODE),
            )
            change_recorded.send(sender=PageChange, change=change)
            changes.append(change)
    return changes


def conditions_under(page):
    """The live condition pages at or beneath `page`."""
    return ConditionPage.objects.live().filter(path__startswith=page.path)


def pages_showing(obj):
    """The live condition pages whose API JSON shows something of `obj` (a related
    condition's title and summary, a reusable call to action, an image's alt text),
    by Wagtail's reference index, which follows blocks and related rows alike."""
    condition_type = ContentType.objects.get_for_model(ConditionPage)
    # A page chooses one language's call to action and shows its own language's
    # (condition_pages.languages.in_language): a change to any of them may show on it.
    versions = (
        obj.get_translations(inclusive=True)
        if isinstance(obj, TranslatableMixin) and not isinstance(obj, Page)
        else [obj]
    )
    ids = [
        int(pk)
        for version in versions
        for pk in ReferenceIndex.get_references_to(version)
        .filter(content_type=condition_type)
        .values_list("object_id", flat=True)
    ]
    return (
        ConditionPage.objects.live()
        .filter(pk__in=ids)
        .exclude(pk=obj.pk if isinstance(obj, Page) else None)
        .order_by("path")
    )


def record_embedded_change(obj):
    record(PageChange.Kind.EMBEDDED_CHANGED, pages_showing(obj).values_list("pk", flat=True))


def on_publish(instance, **kwargs):
    # Recorded whatever the page's privacy: the feed shows it only while it is visible.
    record(PageChange.Kind.PUBLISHED, [instance.pk])
    related = RelatedCondition.objects.filter(related_page=instance, page__live=True)
    record(PageChange.Kind.EMBEDDED_CHANGED, related.values_list("page_id", flat=True))


def on_unpublish(instance, **kwargs):
    # Also expiry, and unpublishing a page with its descendants: one signal each.
    record(PageChange.Kind.UNPUBLISHED, [instance.pk])
    # Pages that listed it as related no longer do.
    related = RelatedCondition.objects.filter(related_page=instance, page__live=True)
    record(PageChange.Kind.EMBEDDED_CHANGED, related.values_list("page_id", flat=True))


def on_slug_change(instance, instance_before, **kwargs):
    """A page's new slug is the new URL of every condition page beneath it (its own
    new URL comes with its publish)."""
    beneath = conditions_under(instance).exclude(pk=instance.pk).order_by("path")
    visible = set(beneath.unrestricted().values_list("pk", flat=True))
    ids = beneath.values_list("pk", flat=True)
    record(PageChange.Kind.MOVED, [pk for pk in ids if pk in visible])


def on_embedded_save(instance, created=False, **kwargs):
    if not created:
        record_embedded_change(instance)


def on_embedded_publish(instance, **kwargs):
    record_embedded_change(instance)


def on_move(instance, url_path_before, url_path_after, **kwargs):
    """Every condition page at or beneath the moved page has a new URL; one moved
    under a private section has stopped being public."""
    if url_path_before == url_path_after:  # reordered among its siblings
        return
    pages = conditions_under(instance)
    now_visible = set(pages.unrestricted().values_list("pk", flat=True))
    for pk in pages.order_by("path").values_list("pk", flat=True):
        kind = PageChange.Kind.MOVED if pk in now_visible else PageChange.Kind.UNPUBLISHED
        record(kind, [pk])


def on_delete(instance, **kwargs):
    """Deleting a page deletes its descendants too, each with its own signal. A page
    that was never published leaves no tombstone: no app can know it."""
    if instance.first_published_at is not None:
        record(PageChange.Kind.DELETED, [instance.pk], {instance.pk: language_of(instance)})


def on_privacy_change(instance, created=None, **kwargs):
    """The same hook points as the cache purge (publishing/cache_purge.py): a
    view restriction added hides its page and every page beneath it that was public;
    one removed shows again those that no other restriction covers. A restriction
    whose settings change (a new password) hides or shows nothing."""
    if created is False:
        return
    try:
        page = instance.page
    except Page.DoesNotExist:  # deleted with its page, which left its own tombstone
        return
    if created:
        hidden = conditions_under(page).unrestricted(ignoring=instance)
        record(PageChange.Kind.UNPUBLISHED, hidden.order_by("path").values_list("pk", flat=True))
    else:
        shown = conditions_under(page).unrestricted()
        record(PageChange.Kind.PUBLISHED, shown.order_by("path").values_list("pk", flat=True))


def connect():
    page_published.connect(on_publish, sender=ConditionPage, dispatch_uid="changes_published")
    page_unpublished.connect(on_unpublish, sender=ConditionPage, dispatch_uid="changes_unpublished")
    # Any page: moving the conditions' index moves every condition beneath it.
    post_page_move.connect(on_move, dispatch_uid="changes_moved")
    page_slug_changed.connect(on_slug_change, dispatch_uid="changes_slug_changed")
    # What pages show of other objects: visible when an image is saved; when a call to
    # action is saved, or published once it has draft states.
    post_save.connect(on_embedded_save, sender=get_image_model(), dispatch_uid="changes_image")
    if issubclass(CallToAction, DraftStateMixin):
        published.connect(on_embedded_publish, sender=CallToAction, dispatch_uid="changes_cta")
    else:
        post_save.connect(on_embedded_save, sender=CallToAction, dispatch_uid="changes_cta")
    post_delete.connect(on_delete, sender=ConditionPage, dispatch_uid="changes_deleted")
    for signal in (post_save, post_delete):
        signal.connect(on_privacy_change, sender=PageViewRestriction)
