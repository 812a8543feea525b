"""A page's translations, and the rule that keeps a translation honest about its age
(docs/translations.md).

English is the source of every translation. A translation is clinical content with
its own Medical review; approving it publishes it. It is **up to date** while it was
published (approved) no earlier than the English page's last publish (an approved
revision of the source); once the English page gets a newly approved revision, every
translation not updated and re-approved since is out of date, and says so to patients
and apps. A translation whose English page is not live is never shown (the filters are
in languages.py, part of querysets' `visible()`)."""

from dataclasses import dataclass
from datetime import date

from wagtail.models import Page

from .languages import language_of, source_language
from .querysets import attach_translations


@dataclass(frozen=True)
class TranslationState:
    """Where a translation stands against its English page."""

    source: Page
    # The translation's own review, and its English page's.
    last_reviewed: date | None
    source_last_reviewed: date | None
    up_to_date: bool

    @property
    def source_id(self):
        return self.source.pk


def is_up_to_date(page, source):
    if page.last_published_at is None or source.last_published_at is None:
        return source.last_published_at is None
    return page.last_published_at >= source.last_published_at


def live_translations(page):
    """The page in every language a visitor may read it in (itself included, once it is
    visible), in the order of settings.LANGUAGES: the language switcher, hreflang and
    the APIs offer only these. Found once per page object (the switcher, hreflang and
    the translation notice all read them), or given by a listing or by a route kept in
    the app cache (site_config.page_routes)."""
    if not hasattr(page, "visible_translations"):
        attach_translations([page])
    return page.visible_translations


def translation_state(page):
    """The state of a translated page, or None for an English page (or one whose
    English page is not visible)."""
    if language_of(page) == source_language():
        return None
    candidates = live_translations(page)
    source = next((other for other in candidates if language_of(other) == source_language()), None)
    if source is None:
        return None
    return TranslationState(
        source=source,
        last_reviewed=getattr(page, "last_reviewed", None),
        source_last_reviewed=getattr(source, "last_reviewed", None),
        up_to_date=is_up_to_date(page, source),
    )
