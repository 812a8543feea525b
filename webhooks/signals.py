"""When condition pages change for the public: the receivers that call
notify_subscribers. The same hook points as the frontend cache purge
(condition_pages/cache_purge.py): publish, unpublish (which expiry and the deletion
of a live page go through too) and view restrictions added or removed."""

from django.db import models
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from condition_pages.models import ConditionPage
from condition_pages.visibility import is_public

from .events import notify_subscribers
from .models import Event


def published(instance, **kwargs):
    if isinstance(instance, ConditionPage):
        notify_subscribers(Event.PUBLISHED, instance)


def unpublished(instance, **kwargs):
    # A private page was removed for receivers when it became private (or they never
    # had it): nothing to say now.
    if isinstance(instance, ConditionPage) and is_public_page(instance):
        notify_subscribers(Event.UNPUBLISHED, instance)


def deleted(instance, **kwargs):
    # A page never published was never sent anywhere.
    if instance.first_published_at is not None:
        notify_subscribers(Event.DELETED, instance)


def is_public_page(page, ignoring=None):
    return ConditionPage.objects.filter(pk=page.pk).filter(is_public(ignoring=ignoring)).exists()


def live_conditions_under(page):
    return ConditionPage.objects.live().descendant_of(page, inclusive=True)


def restriction_added(instance, created, **kwargs):
    """Pages that were public until this restriction are removed for receivers."""
    if not created:
        return
    for page in live_conditions_under(instance.page).filter(is_public(ignoring=instance)):
        notify_subscribers(Event.UNPUBLISHED, page)


def restriction_removed(instance, origin=None, **kwargs):
    """Pages public again are published to receivers. A restriction deleted with its
    page (origin: the page) says nothing: the page's own deletion does."""
    # `origin`: the instance or queryset whose delete() started it.
    origin_model = (
        type(origin) if isinstance(origin, models.Model) else getattr(origin, "model", None)
    )
    if origin_model is None or not issubclass(origin_model, PageViewRestriction):
        return
    try:
        page = instance.page
    except Page.DoesNotExist:
        return
    for condition in live_conditions_under(page).filter(is_public()):
        notify_subscribers(Event.PUBLISHED, condition)


def connect():
    page_published.connect(published, dispatch_uid="webhooks_published")
    page_unpublished.connect(unpublished, dispatch_uid="webhooks_unpublished")
    post_delete.connect(deleted, sender=ConditionPage, dispatch_uid="webhooks_deleted")
    post_save.connect(
        restriction_added, sender=PageViewRestriction, dispatch_uid="webhooks_private"
    )
    post_delete.connect(
        restriction_removed, sender=PageViewRestriction, dispatch_uid="webhooks_public"
    )
