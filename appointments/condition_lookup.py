"""The condition a patient names on the appointment form, found by what they type
rather than picked from a list of every condition (which grew with the catalogue:
half a megabyte of HTML at 10,000 conditions). Only conditions a visitor may see are
ever offered or accepted.

A name typed in full (a title or one of its other names, in any case) is the condition;
anything else gets suggestions: titles and other names starting with the words typed,
found by the search backend's autocomplete, as site search suggests them. The form
offers them without JavaScript once it is sent back; with JavaScript,
`conditions_json` fills the field's suggestion list as the patient types. Both are
cached under the content version, so a publish or unpublish shows at once."""

import re
from dataclasses import dataclass

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from condition_pages.models import ConditionPage
from core.app_cache import remember, versioned_key
from core.limits import is_database_integer

# As many names as a phone shows in a suggestion list without scrolling far.
SUGGESTIONS_MAX = 8
# Shorter than this, a prefix matches too much to help.
MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
# Suggestions are kept briefly: every prefix typed takes a key.
SUGGESTIONS_CACHE_SECONDS = 600
SLUG = re.compile(r"[-\w]{1,255}")


@dataclass(frozen=True)
class Suggestion:
    """A name the patient may choose, and the condition it names: plain values, small
    enough to cache."""

    name: str
    condition_id: int
    title: str

    @property
    def is_other_name(self):
        return self.name != self.title


def public_conditions():
    """The conditions a patient may name: live pages no view restriction covers (only
    what the form shows of them and stores: half the cost of whole pages)."""
    return ConditionPage.objects.visible().only("id", "title")


def clean_query(text):
    return " ".join(str(text).replace("\x00", "").split())[:MAX_QUERY_LENGTH]


def by_id_or_slug(value):
    """The condition a link's `?condition=<page id or slug>` names, or an app's id;
    anything else (a draft, a private page, garbage) names none."""
    value = str(value)
    if is_database_integer(value):
        return public_conditions().filter(pk=int(value)).first()
    if SLUG.fullmatch(value):
        return public_conditions().filter(slug=value).first()
    return None


def suggestions(text):
    """Up to SUGGESTIONS_MAX names starting with the words of `text`: titles, and the
    other names that start so (a patient who typed "bone me" is offered "Bone mets"
    as well as "Bone metastases")."""
    query = clean_query(text)
    if len(query) < MIN_QUERY_LENGTH:
        return []
    return remember(
        versioned_key("appointment-conditions", None, query.casefold()),
        lambda: list(_suggest(query)),
        seconds=SUGGESTIONS_CACHE_SECONDS,
    )


def _suggest(query):
    words = query.casefold().split()
    conditions = (
        ConditionPage.objects.visible_for_search()
        .defer_streamfields()
        .autocomplete(query)[:SUGGESTIONS_MAX]
    )
    names = []
    for condition in conditions:
        names.append(Suggestion(condition.title, condition.pk, condition.title))
        names += [
            Suggestion(other, condition.pk, condition.title)
            for other in condition.also_known_as_list
            if starts_with_words(other, words)
        ]
    return names[:SUGGESTIONS_MAX]


def starts_with_words(name, words):
    """Whether each typed word starts one of the name's words."""
    name_words = name.casefold().split()
    return all(any(word.startswith(typed) for word in name_words) for typed in words)


def named(text):
    """The condition `text` names in full (a title or another name, any case), or a
    page id as apps and links send it; None if it names none exactly."""
    query = clean_query(text)
    if not query:
        return None
    if is_database_integer(query):
        return public_conditions().filter(pk=int(query)).first()
    if condition := public_conditions().filter(title__iexact=query).first():
        return condition
    exact = {s.condition_id for s in suggestions(query) if s.name.casefold() == query.casefold()}
    if len(exact) == 1:
        return public_conditions().filter(pk=exact.pop()).first()
    return None


@require_GET
def conditions_json(request):
    """`?q=bone me`: the names to suggest, for the form's search-as-you-type."""
    found = suggestions(request.GET.get("q", ""))
    return JsonResponse(
        {"suggestions": [{"name": s.name, "title": s.title} for s in found]},
        json_dumps_params={"ensure_ascii": False},
    )
