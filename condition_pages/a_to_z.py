"""The A–Z index of conditions: every condition, and every other name it is known by,
filed under its first letter, so that a patient who knows it as "bone mets" finds
"Bone metastases" under B.

While the catalogue is small the index lists every entry on one page, with jump links
to each letter. Beyond `A_TO_Z_ONE_PAGE_MAX` conditions that page would grow without
bound, so the index shows only the jump links, and each letter has a page of its own
at `<index>/letter/<a…z | other>/` (see `letter_page_urls`), split in turn into pages
of `A_TO_Z_LETTER_PAGE_SIZE` names (`?page=2`, …) when the letter has more. A purge of
a letter's path clears all its pages: the HTTP cache purges a path with every query
string (publishing.cache_purge)."""

import string
import unicodedata
from dataclasses import dataclass, field

OTHER = "#"  # names that start with a digit or a symbol
LETTERS = [*string.ascii_uppercase, OTHER]


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

    @property
    def slug(self):
        """The letter's part of its page's URL: "a" … "z", or "other" for "#"."""
        return letter_slug(self.letter)

    @property
    def anchor(self):
        return f"letter-{self.slug}"


def letter_part(letter, number, size):
    """Page `number` (from 1) of `letter`'s entries, `size` a page: a Letter of its own,
    so that the template lists it the same way."""
    start = (number - 1) * size
    return Letter(letter.letter, letter.entries[start : start + size])


def letter_slug(letter):
    return "other" if letter == OTHER else letter.lower()


LETTER_SLUGS = [letter_slug(letter) for letter in LETTERS]


def letter_page_paths():
    """Every letter page's path under the index page (routed by ConditionIndexPage)."""
    return [f"letter/{slug}/" for slug in LETTER_SLUGS]


def letter_page_urls(index_page, request=None):
    """The absolute URLs of the index and of every letter page (a shared cache purges
    these when any condition changes). Pass the request to build them as a view does."""
    index_url = index_page.get_full_url(request)
    return [index_url, *(index_url + path for path in letter_page_paths())]


def sort_key(name):
    """A name without accents or case, so "Ödema" sorts and files as "odema"."""
    decomposed = unicodedata.normalize("NFKD", name.strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def initial(name):
    first = sort_key(name)[:1].upper()
    return first if first in string.ascii_uppercase else OTHER


def a_to_z(conditions, request=None):
    """Every letter A–Z (and "#" if used), each with its entries sorted by name. An other name that
    only differs from a title in case is left out: it would list the page twice."""
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
    letters = {letter: Letter(letter) for letter in LETTERS}
    for entry in sorted(entries, key=lambda entry: sort_key(entry.name)):
        letters[initial(entry.name)].entries.append(entry)
    # "#" only appears when something is filed under it.
    return [group for group in letters.values() if group.entries or group.letter != OTHER]
