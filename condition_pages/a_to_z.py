"""The A–Z index of conditions: every condition, and every other name it is known by,
filed under its first letter, so that a patient who knows it as "bone mets" finds
"Bone metastases" under B."""

import string
import unicodedata
from dataclasses import dataclass, field

OTHER = "#"  # names that start with a digit or a symbol
LETTERS = [*string.ascii_uppercase, OTHER]


@dataclass(frozen=True)
class Entry:
    name: str
    condition: object
    synonym: bool = False  # True when `name` is another name for `condition`


@dataclass
class Letter:
    letter: str
    entries: list = field(default_factory=list)

    @property
    def anchor(self):
        return "letter-other" if self.letter == OTHER else f"letter-{self.letter.lower()}"


def sort_key(name):
    """A name without accents or case, so "Ödema" sorts and files as "odema"."""
    decomposed = unicodedata.normalize("NFKD", name.strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def initial(name):
    first = sort_key(name)[:1].upper()
    return first if first in string.ascii_uppercase else OTHER


def a_to_z(conditions):
    """Every letter A–Z (and "#" if used), each with its entries sorted by name. A synonym that
    only differs from a title in case is left out: it would list the page twice."""
    titles = {condition.title.casefold() for condition in conditions}
    entries = [Entry(condition.title, condition) for condition in conditions]
    entries += [
        Entry(synonym, condition, synonym=True)
        for condition in conditions
        for synonym in condition.synonyms
        if synonym.casefold() not in titles
    ]
    letters = {letter: Letter(letter) for letter in LETTERS}
    for entry in sorted(entries, key=lambda entry: sort_key(entry.name)):
        letters[initial(entry.name)].entries.append(entry)
    # "#" only appears when something is filed under it.
    return [group for group in letters.values() if group.entries or group.letter != OTHER]
