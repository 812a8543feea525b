"""The A–Z index of conditions: every condition, and every other name it is known by,
filed under its first letter, so that a patient who knows it as "bone mets" finds
"Bone metastases" under B.

While the catalogue is small the index lists every entry on one page, with jump links
to each letter. Beyond `A_TO_Z_ONE_PAGE_MAX` conditions that page would grow without
bound, so the index shows only the jump links, and each letter has a page of its own
at `<index>/letter/<a…z | other>/` (`letter_path`), split in turn into pages
(`?page=2`, …) of at most `A_TO_Z_LETTER_PAGE_BYTES` of names and their links
(`entry_bytes`), so that a page keeps to the page weight goal in any script: a
Devanagari name takes three bytes a letter in UTF-8, a Latin one one. A purge of a
letter's path clears all its pages: the HTTP cache purges a path with every query
string (publishing.cache_purge).

Everything that reads the whole catalogue is kept in the app cache under the site's
content version (core.app_cache), so every app server shows a publish, unpublish,
move or privacy change at once, and a cached index costs the same at any catalogue
size. It lists only pages every visitor may see: the same for everyone."""

import string
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from core.app_cache import remember, versioned_key
from core.content_version import content_version

from . import devanagari

OTHER = "#"  # names that start with a digit or a symbol (or another script)
LETTERS = [*string.ascii_uppercase, OTHER]
# Hindi and Marathi are filed by the Devanagari alphabet (condition_pages.devanagari).
ALPHABETS = {
    "hi": [*devanagari.VOWELS, *devanagari.HINDI_CONSONANTS, OTHER],
    "mr": [*devanagari.VOWELS, *devanagari.MARATHI_CONSONANTS, OTHER],
}


def alphabet(language=None):
    """The letters of the index in a language (the active one unless given)."""
    return ALPHABETS.get(language or get_language(), LETTERS)


def letter_slugs(language=None):
    return [letter_slug(letter) for letter in alphabet(language)]


@dataclass(frozen=True)
class Entry:
    """A name in the index and the URL of its condition. Plain strings, not pages, so
    that a built index is small enough to keep in the cache."""

    name: str
    url: str
    see: str = ""  # for another name, the title of the condition it leads to

    @property
    def is_other_name(self):
        """One of a condition's other names (its `also_known_as`), not its title."""
        return bool(self.see)


@dataclass
class Letter:
    letter: str
    entries: list = field(default_factory=list)
    # The specialty the index is filtered by, kept by the letter's links.
    specialty: str = ""

    @property
    def slug(self):
        """The letter's part of its page's URL: "a" … "z", or "other" for "#"."""
        return letter_slug(self.letter)

    @property
    def anchor(self):
        return f"letter-{self.slug}"

    def url(self, page=1):
        """The address of the letter's page `page`, relative to the index."""
        return letter_path(self.slug, specialty=self.specialty, page=page)


# What the HTML of one entry costs beyond its name, link and "see" name: the list item,
# its classes and the link's markup (templates/condition_pages/includes/a_to_z_letter.html).
ENTRY_MARKUP_BYTES = 150


def entry_bytes(entry):
    """About the bytes of an entry's HTML on a letter page, in UTF-8."""
    text = entry.name + entry.url + entry.see
    return len(text.encode()) + ENTRY_MARKUP_BYTES


def page_starts(entries, budget):
    """Where each page of a letter starts in its `entries`: a new page begins when the
    next entry would take the page past `budget` bytes (`entry_bytes`); every page holds
    at least one entry, so each entry is on exactly one page."""
    starts, used = [0], 0
    for position, entry in enumerate(entries):
        size = entry_bytes(entry)
        if used and used + size > budget:
            starts.append(position)
            used = 0
        used += size
    return starts


@dataclass(frozen=True)
class LetterPage:
    """Page `number` of a letter's `num_pages`, for the template."""

    number: int
    num_pages: int

    @property
    def has_other_pages(self):
        return self.num_pages > 1


def letter_part(letter, number, starts):
    """Page `number` (from 1) of `letter`'s entries, the pages starting at `starts`: a
    Letter of its own, so that the template lists it the same way."""
    end = starts[number] if number < len(starts) else len(letter.entries)
    return Letter(letter.letter, letter.entries[starts[number - 1] : end], letter.specialty)


def letter_slug(letter):
    """ "a" … "z" (a Devanagari letter is its own slug), or "other" for "#"."""
    return "other" if letter == OTHER else letter.lower()


def letter_path(slug, *, specialty="", page=1):
    """A letter page's address relative to the index (routed by ConditionIndexPage),
    with the specialty filter and the page number when there are any: the one place
    these addresses are written."""
    query = urlencode([("specialty", specialty)] * bool(specialty) + [("page", page)] * (page > 1))
    return f"letter/{slug}/" + (f"?{query}" if query else "")


def letter_page_paths(language=None):
    """Every letter page's path under the index page in a language, for purges."""
    return [letter_path(slug) for slug in letter_slugs(language)]


def letter_page_urls(index_page, request=None):
    """The absolute URLs of the index and of every letter page (a shared cache purges
    these when any condition changes). Pass the request to build them as a view does."""
    index_url = index_page.get_full_url(request)
    paths = letter_page_paths(index_page.locale.language_code)
    return [index_url, *(index_url + path for path in paths)]


def latin_sort_key(name):
    """A name without accents or case, so "Ödema" sorts and files as "odema"."""
    decomposed = unicodedata.normalize("NFKD", name.strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def sort_key(name, language=None):
    if (language or get_language()) in ALPHABETS:
        return devanagari.sort_key(name)
    return latin_sort_key(name)


def initial(name, language=None):
    language = language or get_language()
    if language in ALPHABETS:
        return devanagari.initial(name, ALPHABETS[language]) or OTHER
    first = latin_sort_key(name)[:1].upper()
    return first if first in string.ascii_uppercase else OTHER


def a_to_z(conditions, request=None, specialty="", language=None):
    """Every letter A–Z (and "#" if used), each with its entries sorted by name. An other
    name that only differs from a title in case is left out: it would list the page
    twice."""
    titles = {condition.title.casefold() for condition in conditions}
    entries = []
    for condition in conditions:
        url = condition.get_url(request)
        entries.append(Entry(condition.title, url))
        entries += [
            Entry(other_name, url, see=condition.title)
            for other_name in condition.also_known_as_list
            if other_name.casefold() not in titles
        ]
    language = language or get_language()
    letters = {letter: Letter(letter, specialty=specialty) for letter in alphabet(language)}
    for entry in sorted(entries, key=lambda entry: sort_key(entry.name, language)):
        letters[initial(entry.name, language)].entries.append(entry)
    # "#" only appears when something is filed under it.
    return [group for group in letters.values() if group.entries or group.letter != OTHER]


# What an A–Z entry needs of a condition: its names and what its URL is made of.
A_TO_Z_FIELDS = ["title", "also_known_as", "url_path", "locale_id", "path", "depth"]


def index_context(request, index, conditions, specialties_of, *, letter_slug=None, page=1):
    """What the A–Z index template shows: the whole index, or with `letter_slug` page
    `page` of one letter. `conditions` are the index's visible conditions;
    `specialties_of(conditions)` lists the specialties they are filed under."""
    specialties = remember(
        versioned_key("condition-a-to-z-specialties", request, index.pk),
        lambda: specialties_of(conditions),
    )
    # A plain GET parameter, so the filter form works without JavaScript. It is
    # matched against the listed specialties: no raw input reaches the database.
    asked = request.GET.get("specialty", "")
    specialty = next((item for item in specialties if item.slug == asked), None)
    if asked:
        # By slug: pages are filed under the English specialty, shown in the page's language.
        conditions = (
            conditions.filter(specialties__slug=specialty.slug) if specialty else conditions.none()
        )
    specialty_slug = specialty.slug if specialty else ""
    key = f"{index.pk}:{specialty_slug}:{content_version(request)}"
    count = remember(f"condition-a-to-z-count:{key}", conditions.count)
    # Built once per change, then shared by the index and every letter page.
    letters = SimpleLazyObject(
        lambda: remember(
            f"condition-a-to-z:{key}",
            lambda: a_to_z(conditions.only(*A_TO_Z_FIELDS), request, specialty_slug),
        )
    )
    context = {
        "specialties": specialties,
        "specialty": specialty,
        # `key`: of the cached HTML (the template's fragment cache).
        "listing": {"key": key, "count": count},
        "letters": letters,
        "letter_slug": letter_slug,
        "letter_name": letter_slug and alphabet()[letter_slugs().index(letter_slug)],
        "one_page": letter_slug is None and count <= settings.A_TO_Z_ONE_PAGE_MAX,
    }
    if letter_slug:
        context.update(_letter_context(key, letters, letter_slug, page))
    return context


def _letter_context(key, letters, slug, number):
    # Where each letter's pages start, cached apart from the index so that a letter page
    # whose HTML is cached never loads the whole index.
    budget = settings.A_TO_Z_LETTER_PAGE_BYTES
    starts_of = remember(
        f"condition-a-to-z-pages:{budget}:{key}",
        lambda: {item.slug: page_starts(item.entries, budget) for item in letters},
    )
    starts = starts_of.get(slug, [0])
    if not 1 <= number <= len(starts):
        raise Http404
    letter = SimpleLazyObject(
        lambda: next(
            (letter_part(item, number, starts) for item in letters if item.slug == slug),
            None,
        )
    )
    return {
        "letter_page": LetterPage(number, len(starts)),
        "letter": letter,
        # Each page of a letter is its own canonical address.
        "letter_subpage": letter_path(slug, page=number),
        "letter_pages": SimpleLazyObject(
            lambda: [(page, letter.url(page)) for page in range(1, len(starts) + 1)]
        ),
    }
