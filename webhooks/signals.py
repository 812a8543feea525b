"""Subscribers are told what the change log records (content_changes): one account of
what happened to a condition page for the public (published, moved, unpublished,
expired, made private or public, deleted), for the feed and for webhooks alike."""

from content_changes.models import PageChange, change_recorded

from .events import notify_subscribers
from .models import Event

# A move gives a page a new URL, and a change to what it embeds (a related condition, a
# call to action, an image) new JSON: receivers learn each as a publish of the page as
# it is.
EVENTS = {
    PageChange.Kind.PUBLISHED: Event.PUBLISHED,
    PageChange.Kind.MOVED: Event.PUBLISHED,
    PageChange.Kind.EMBEDDED_CHANGED: Event.PUBLISHED,
    PageChange.Kind.UNPUBLISHED: Event.UNPUBLISHED,
    PageChange.Kind.DELETED: Event.DELETED,
}


def on_change(change, **kwargs):
    notify_subscribers(EVENTS[change.kind], change.page_id, change.locale)


def connect():
    change_recorded.connect(on_change, dispatch_uid="webhooks_change_recorded")
