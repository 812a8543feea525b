"""A page a visitor may see: live, and covered by no view restriction (login, password
or group) on it or an ancestor. The one rule behind every link, listing, form and API
field that names another page, so that none of them reveals a draft, an expired page
or a private one."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.models import Page, PageViewRestriction


def is_public(path="path", ignoring=None):
    """A filter for pages (through `path`, e.g. "related_page__path") that no view
    restriction covers, on them or an ancestor: one SQL expression, where Wagtail's
    public() first runs a query of its own for the restrictions. `ignoring`, a
    restriction, asks whether the pages would be public without it (were they public
    before it was added?)."""
    # A restriction applies when its page's path is a prefix of this page's path.
    restrictions = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef(path), 1, Length("page__path"))
    )
    if ignoring is not None:
        restrictions = restrictions.exclude(pk=ignoring.pk)
    return ~Exists(restrictions)


def visible(queryset):
    """The pages of `queryset` a visitor may see."""
    return queryset.live().filter(is_public())


def visible_for_search(queryset):
    """The same pages, filtered in a form search backends understand: they cannot
    filter on an SQL expression, so Wagtail's public() (a query for the restrictions
    first, then plain path filters) does it."""
    return queryset.live().public()


def visible_page_ids(page_ids):
    """Of these page ids, those a visitor may see: one query however many."""
    page_ids = {pk for pk in page_ids if pk is not None}
    if not page_ids:
        return set()
    return set(visible(Page.objects.filter(pk__in=page_ids)).values_list("pk", flat=True))


def is_visible(page):
    return page is not None and page.live and page.pk in visible_page_ids([page.pk])
