"""Tags for the page's language: `<html lang dir>`, the language switcher, the
`hreflang` alternates and a translation's out-of-date notice (condition_pages.translations).

`html_lang` and `html_dir` read no table: base.html uses them, and the 500 page renders
it with the database down."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from condition_pages.languages import html_lang as lang_of
from condition_pages.languages import language_name, language_of, source_language
from condition_pages.translations import live_translations, translation_state

register = template.Library()


@dataclass(frozen=True)
class Alternate:
    """The page (or view) in one language: what the switcher links and hreflang names."""

    language: str
    name: str
    url: str
    lang: str
    current: bool


@register.simple_tag
def html_lang():
    return lang_of()


@register.simple_tag
def html_dir():
    return "rtl" if get_language_info(get_language() or source_language())["bidi"] else "ltr"


@register.simple_tag(takes_context=True)
def page_alternates(context, page=None):
    """The page in each language it is live in, or, for a view that is not a page (search,
    appointments), the same view in every language; absolute URLs, as hreflang wants."""
    request = context.get("request")
    if request is None:
        return []
    current = get_language()
    if page is None or not getattr(page, "pk", None):
        path = request.path
        urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    else:
        urls = {language_of(other): other.get_url(request) for other in live_translations(page)}
    return [
        Alternate(
            code,
            language_name(code),
            request.build_absolute_uri(url),
            lang_of(code),
            code == current,
        )
        for code, url in urls.items()
        if url
    ]


@register.simple_tag
def translation_notice(page):
    """The state of a translated page against its English page, or None."""
    return translation_state(page)
