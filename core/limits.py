"""The bounds every view, form and API holds its input and its pages to, in one place.

Limits an operator may tune live in settings instead: WAGTAILAPI_LIMIT_MAX (the
largest API page, v2 and v3), A_TO_Z_ONE_PAGE_MAX, MAX_REQUEST_BODY_SIZE."""

import re

# Ids and integer parameters must fit the database's 64-bit integers: Django and
# Wagtail convert them with int(), and Python's unbounded ints then overflow in SQL,
# a 500 instead of a 400 or a "not found".
MAX_DATABASE_INTEGER = 2**63 - 1
# An integer as int() reads it from text, in ASCII digits: str.isdigit() alone also
# takes "³", which int() refuses.
INTEGER = re.compile(r"\s*[+-]?[0-9]+\s*")

# Site search: results on one page, and titles suggested when nothing matched.
SEARCH_RESULTS_PER_PAGE = 10
SEARCH_SUGGESTIONS_MAX = 5
# Matches ranked by relevance at most: a term on every page ranks the first this many
# found, not the whole catalogue (search.views.results_page).
SEARCH_RANKED_MAX = 200


def is_database_integer(value):
    """Whether the text is a non-negative integer the database can hold, written in
    ASCII digits only (int() also reads "１２" and " 12 ")."""
    return value.isascii() and value.isdigit() and int(value) <= MAX_DATABASE_INTEGER


def exceeds_database_integer(value):
    """Whether the text is an integer, signed or not, beyond what the database holds."""
    return bool(INTEGER.fullmatch(value)) and abs(int(value)) > MAX_DATABASE_INTEGER
