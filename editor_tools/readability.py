"""How easy an article is to read: the Flesch reading ease of its patient text.

Flesch reading ease = 206.835 - 1.015 x (words per sentence) - 84.6 x (syllables per
word): 100 is very easy, 60 to 70 is plain English (most adults read it easily), under
50 is hard. Patient information aims at plain English, so the target is 60 or more.

Syllables come from pyphen's hyphenation dictionary (as textstat counted them before
version 0.7.8). textstat itself is not used: its current releases fetch the CMU
pronouncing dictionary from the internet the first time they count syllables, and a
server must never download at run time. Hyphenation undercounts a little (e.g.
"metas-tases"), so the score is an estimate, for comparing drafts, not a verdict.
"""

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

import pyphen

from django.conf import settings

PLAIN_ENGLISH = 60

# Elements whose text stands alone: a list item or heading is a "sentence" even
# without a full stop.
TEXT_UNITS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figcaption", "td"}
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
# Flesch averages words and syllables over sentences; a fragment of a few words (a
# list item "Pathological fracture", a heading) has too few to average, and scored
# alone gives nonsense (-21.8). A text shorter than this is not scored on its own, and
# a run of such fragments counts as one sentence, as a list is read.
MIN_WORDS = 10
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@cache
def _dictionary():
    # The US dictionary splits more syllables than the British one ("ra-dio-ther-a-py").
    return pyphen.Pyphen(lang="en_US")


def syllables(word):
    return len(_dictionary().positions(word.lower())) + 1


class _TextUnits(HTMLParser):
    def __init__(self):
        super().__init__()
        self.units, self._current = [], []

    def _close(self):
        text = " ".join("".join(self._current).split())
        if text:
            self.units.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        if tag in TEXT_UNITS:
            self._close()

    def handle_endtag(self, tag):
        if tag in TEXT_UNITS:
            self._close()

    def handle_data(self, data):
        self._current.append(data)

    def close(self):
        super().close()
        self._close()
        return self.units


def text_units(html):
    """The text of each paragraph, list item, heading… of an HTML fragment."""
    parser = _TextUnits()
    parser.feed(html)
    return parser.close()


@dataclass(frozen=True)
class Readability:
    score: float
    words: int
    sentences: int

    @property
    def is_plain_english(self):
        return self.score >= PLAIN_ENGLISH

    @property
    def verdict(self):
        if self.score >= 70:
            return "easy to read"
        if self.score >= PLAIN_ENGLISH:
            return "plain English"
        if self.score >= 50:
            return "fairly hard to read"
        return "hard to read"


def readability(units):
    """The Flesch reading ease of some texts, each a paragraph, item or heading; None
    when there are too few words to score (MIN_WORDS)."""
    sentences = words = syllable_count = 0
    in_fragments = False
    for unit in units:
        unit_words = WORD.findall(unit)
        if not unit_words:
            continue
        is_fragment = len(unit_words) < MIN_WORDS
        if not is_fragment:
            sentences += max(1, len(SENTENCE_END.findall(unit.rstrip() + " ")))
        elif not in_fragments:
            sentences += 1
        in_fragments = is_fragment
        words += len(unit_words)
        syllable_count += sum(syllables(word) for word in unit_words)
    if words < MIN_WORDS:
        return None
    score = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count / words)
    return Readability(score=round(score, 1), words=words, sentences=sentences)


def scores_language_of(page):
    """Flesch reading ease is a formula for English: its syllable and sentence weights
    mean nothing for Hindi or Marathi, so their pages get no score (docs/translations.md)."""
    return page.locale_id is None or page.locale.language_code == settings.LANGUAGE_CODE


def page_readability(page, context=None):
    """The readability of what a patient reads on a condition page: its summary and
    its body as the page renders it."""
    body = page.body.render_as_block(context={"page": page, **(context or {})})
    return readability([page.summary, *text_units(str(body))])
