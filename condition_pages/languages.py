"""The site's languages as filters and names: English is the source of every
translation; Hindi and Marathi pages are translations of it (docs/translations.md).

The filters here are the pieces of "a page a visitor may see" that concern languages
(condition_pages.querysets) and of "a translation out of date" (translations.py)."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import translation as django_translation

from wagtail.models import DraftStateMixin, Locale, Page

# Locale ids and their language codes, read once per process: the table holds the
# three languages of settings.LANGUAGES and changes only with them (a deploy).
_LOCALE_CODES = {}


def source_language():
    return settings.LANGUAGE_CODE


def language_codes():
    """The codes of the site's languages, English first (what `?locale=` accepts)."""
    return tuple(code for code, _name in settings.LANGUAGES)


def language_of(page):
    """A page's language code, without a query for its locale."""
    if "locale" in page._state.fields_cache:
        return page.locale.language_code
    if page.locale_id not in _LOCALE_CODES:
        _LOCALE_CODES.update(Locale.objects.values_list("pk", "language_code"))
    return _LOCALE_CODES[page.locale_id]


def in_source_language():
    """A filter for pages in the source language (English)."""
    return Q(locale__language_code=source_language())


def _source_pages(**filters):
    return Page.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=source_language(),
        live=True,
        **filters,
    )


def shown_in_its_language():
    """A filter for the pages that may be shown: English ones, and translations whose
    English page is live."""
    return in_source_language() | Exists(_source_pages())


def newer_source():
    """A filter for translations whose English page was published after them."""
    return Exists(_source_pages(last_published_at__gt=OuterRef("last_published_at")))


def language_name(code):
    """A language's name in that language (हिन्दी, मराठी), as a switcher offers it."""
    return dict(settings.LANGUAGES).get(code, code)


def html_lang(code=None):
    """The `lang` of a page in a language (the active one unless given): the English
    text is British English."""
    code = code or django_translation.get_language() or source_language()
    return "en-GB" if code == source_language() else code


def in_language(snippets, code, request=None):
    """Translatable snippets (specialties, calls to action) as a page in language
    `code` shows them: each as its translation into that language, else as its English
    one, published ones only (a translation in review shows its English source meanwhile;
    never-published ones nowhere), and never a translation published before its English
    one's latest publish (a corrected phone number shows in English until the
    translation is approved again); in the order given, without the ones left. One
    query a request for each kind, however many pages and blocks ask."""
    snippets = list(snippets)
    if not snippets:
        return []
    # English published ones on an English page: nothing to look up. A translation
    # chosen on its own language's page is looked up still: it may be out of date.
    if code == source_language() and all(
        language_of(s) == code and getattr(s, "live", True) for s in snippets
    ):
        return snippets
    model = type(snippets[0])
    versions = _published_versions(model, code, request)
    return [versions[s.translation_key] for s in snippets if s.translation_key in versions]


def _published_versions(model, code, request):
    """{translation key: the published snippet in `code`, else in English}."""
    memo_name = f"_published_{model._meta.label_lower}_{code}"
    if request is not None and hasattr(request, memo_name):
        return getattr(request, memo_name)
    snippets = model.objects.filter(locale__language_code__in={code, source_language()})
    if issubclass(model, DraftStateMixin):
        snippets = snippets.filter(live=True)
    versions = {}
    # English first, so that a translation up to date with it replaces it.
    for snippet in sorted(snippets.select_related("locale"), key=lambda s: language_of(s) == code):
        english = versions.get(snippet.translation_key)
        if english is None or not _older(snippet, english):
            versions[snippet.translation_key] = snippet
    if request is not None:
        setattr(request, memo_name, versions)
    return versions


def _older(translation, source):
    """Whether a translation was last published before its source (snippets without
    publishing, such as specialties, are never out of date)."""
    published, source_published = (
        getattr(translation, "last_published_at", None),
        getattr(source, "last_published_at", None),
    )
    return bool(published and source_published and published < source_published)
