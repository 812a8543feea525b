"""What a visitor types into the search box, made safe for every search backend.

Search backends parse the query with their own syntax: SQLite's FTS5 fails on an
unbalanced double quote, PostgreSQL refuses a NUL character, and Elasticsearch has
operators of its own. Patients search with words, so words are all that is kept.
"""

import re

from wagtail.search.utils import MAX_QUERY_STRING_LENGTH

# Long enough for any real question, short enough to bound the cost of a search.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12

# A word is letters and digits with the marks that belong to them: Devanagari's vowel
# signs, virama and anusvara (कैंसर) are combining marks, not letters, and a bare \w+
# would break Hindi and Marathi words into pieces.
WORD = re.compile(r"\w[\w\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u200c\u200d]*")


def search_terms(raw_query):
    """The words of a query, joined by spaces: "bone-mets!" becomes "bone mets"."""
    words = WORD.findall(raw_query[:MAX_QUERY_LENGTH])
    return " ".join(words[:MAX_QUERY_WORDS])[:MAX_QUERY_STRING_LENGTH]
