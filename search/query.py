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

WORD = re.compile(r"\w+")


def search_terms(raw_query):
    """The words of a query, joined by spaces: "bone-mets!" becomes "bone mets"."""
    words = WORD.findall(raw_query[:MAX_QUERY_LENGTH])
    return " ".join(words[:MAX_QUERY_WORDS])[:MAX_QUERY_STRING_LENGTH]
