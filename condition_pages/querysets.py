"""Named query rules for pages, as Wagtail's own PageQuerySet names live() and
public(): the one home of "a page a visitor may see" and of "what apps may filter".

A page a visitor may see is live, and covered by no view restriction (login, password
or group) on it or an ancestor. It is the one rule behind every link, listing, form,
feed, webhook and API field that names another page, so that none of them reveals a
draft, an expired page or a private one."""

import operator
from functools import reduce

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch
from django.db.models.functions import Length, Substr

from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction

from core.app_cache import remember, versioned_key

from .languages import language_of, shown_in_its_language


def no_view_restriction(path="path", ignoring=None):
    """A filter for pages (through `path`, e.g. "related_page__path") that no view
    restriction covers, on them or an ancestor: one SQL expression, where Wagtail's
    public() first runs a query of its own for the restrictions. `ignoring` leaves one
    restriction out, to ask what was public before it was added."""
    # A restriction applies when its page's path is a prefix of this page's path.
    restrictions = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef(path), 1, Length("page__path"))
    )
    if ignoring is not None:
        restrictions = restrictions.exclude(pk=ignoring.pk)
    return ~Exists(restrictions)


class VisitorPageQuerySet(PageQuerySet):
    """What a visitor may see, for pages of any type: `VisitorPageQuerySet(Page)` for
    the pages a link, a search promotion or a button may name (see visibility.py)."""

    def unrestricted(self, ignoring=None):
        """The pages no view restriction covers (live or not); `ignoring` as in
        no_view_restriction."""
        return self.filter(no_view_restriction(ignoring=ignoring))

    def visible(self):
        """The pages a visitor may see (never a translation whose English page is not
        live: condition_pages.languages)."""
        return self.live().unrestricted().filter(shown_in_its_language())

    def visible_for_search(self, request=None):
        """The same pages, filtered in a form search backends understand: they cannot
        filter on an SQL expression, so the sections under a view restriction are left
        out by path, as Wagtail's public() does, and translations whose English page is
        not live by id. Both are kept in the app cache under the content version, which
        any publish, unpublish or privacy change renews (the same for everyone;
        `request`'s version when given): the hidden translations are found by a query
        that reads every live translation (tens of milliseconds at 20,000 of them), and
        the restrictions would be a query of their own in every search."""
        hidden, restricted = remember(
            versioned_key("search-exclusions", request, self.model._meta.label),
            lambda: (
                list(
                    self.model.objects.live()
                    .exclude(shown_in_its_language())
                    .values_list("pk", flat=True)
                ),
                list(PageViewRestriction.objects.values_list("page__path", "page__depth")),
            ),
        )
        pages = self.live()
        if restricted:
            # public()'s filter (PageQuerySet.private_q), from the paths kept.
            pages = pages.exclude(
                reduce(
                    operator.or_,
                    (
                        self.descendant_of_q(Page(path=path, depth=depth), inclusive=True)
                        for path, depth in restricted
                    ),
                )
            )
        return pages.exclude(pk__in=hidden) if hidden else pages


class ConditionPageQuerySet(VisitorPageQuerySet):
    def for_apps(
        self,
        *,
        specialty=None,
        next_review_due_after=None,
        next_review_due_before=None,
        modified_since=None,
        code=None,
        locale=None,
    ):
        """The filters the APIs offer apps: a specialty (its slug), a window on
        next_review_due (for editors' tools), a clinical code ((system, code) as
        clinical_codes.parse_code_query gives it) and, in API v3, a last publish at or
        after an instant (to stay in sync), and a language (`locale`, its code). By
        primary key, so that they combine with a search, whose backends can only filter
        on the model's own indexed fields."""
        asked = (
            specialty,
            next_review_due_after,
            next_review_due_before,
            modified_since,
            code,
            locale,
        )
        if all(value is None for value in asked):
            return self
        conditions = self.model.objects.all()
        if modified_since is not None:
            conditions = conditions.filter(last_published_at__gte=modified_since)
        if code is not None:
            system, value = code
            conditions = conditions.filter(
                clinical_codes__system=system, clinical_codes__code=value
            )
        if specialty is not None:
            conditions = conditions.filter(specialties__slug=specialty)
        if locale is not None:
            conditions = conditions.filter(locale__language_code=locale)
        if next_review_due_after is not None:
            conditions = conditions.filter(next_review_due__gte=next_review_due_after)
        if next_review_due_before is not None:
            conditions = conditions.filter(next_review_due__lte=next_review_due_before)
        return self.filter(pk__in=list(conditions.values_list("pk", flat=True)))

    def with_translations(self):
        """Each page's visible translations found for the whole result in one query
        once it is fetched (condition_pages.translations.attach_translations), as
        prefetch_related does for relations: translations share a translation key, which
        no relation names."""
        clone = self._chain()
        clone.attach_translations = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone.attach_translations = getattr(self, "attach_translations", False)
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is not None
        super()._fetch_all()
        if not fetched and getattr(self, "attach_translations", False):
            attach_translations(self._result_cache)

    def with_api_relations(self):
        """Everything the API serialises, fetched in a constant number of queries; of
        the related conditions, only those a visitor may see."""
        # The link model by the relation's name: models.py imports this module.
        links = self.model._meta.get_field("related_conditions").related_model
        visible_links = links.objects.filter(
            no_view_restriction("related_page__path"), related_page__live=True
        ).exclude(related_page=F("page"))
        relations = self.with_translations().select_related("locale", "hero_image", "reviewed_by")
        return relations.prefetch_related(
            "specialties",
            "clinical_codes",
            "hero_image__renditions",
            Prefetch(
                "related_conditions",
                queryset=visible_links.select_related("related_page").order_by("sort_order"),
                to_attr="visible_related_links",
            ),
        )


def visible_translations(model, keys):
    """The visible pages of `model` in these translation keys, in one query."""
    pages = VisitorPageQuerySet(model).filter(translation_key__in=keys).visible()
    return pages.defer_streamfields().select_related("locale")


def in_language_order(pages):
    order = [code for code, _name in settings.LANGUAGES]
    return sorted(pages, key=lambda page: order.index(language_of(page)))


def attach_translations(pages):
    """Finds the translations of every page in `pages` in one query, for listings
    (ConditionPageQuerySet.with_translations): what translations.live_translations
    and translation_state read for each."""
    pages = list(pages)
    if not pages:
        return
    found = {}
    for other in visible_translations(type(pages[0]), {page.translation_key for page in pages}):
        found.setdefault(other.translation_key, []).append(other)
    for page in pages:
        page.visible_translations = in_language_order(found.get(page.translation_key, []))


ConditionPageManager = PageManager.from_queryset(ConditionPageQuerySet)
