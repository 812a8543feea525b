"""Whether pages of any type may be seen by a visitor, asked by id. Links (rich text
and link blocks), search promotions and the home page's button may name any page,
and `Page.objects` is Wagtail's own manager, so these ask through the rule of
querysets.VisitorPageQuerySet instead; condition pages ask their own manager
(`ConditionPage.objects.visible()`)."""

from wagtail.models import Page

from .querysets import VisitorPageQuerySet


def pages_of_any_type():
    """Every page, whatever its type, with the visitor rules of VisitorPageQuerySet."""
    return VisitorPageQuerySet(Page)


def visible_page_ids(page_ids):
    """Of these page ids, those a visitor may see: one query however many."""
    page_ids = {pk for pk in page_ids if pk is not None}
    if not page_ids:
        return set()
    return set(pages_of_any_type().filter(pk__in=page_ids).visible().values_list("pk", flat=True))


def is_visible(page):
    return page is not None and page.live and page.pk in visible_page_ids([page.pk])
