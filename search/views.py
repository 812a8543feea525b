"""Site search over the live, public condition articles."""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import render

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from condition_pages.content_version import content_version
from condition_pages.models import ConditionPage
from condition_pages.visibility import visible_for_search, visible_page_ids

from .query import MAX_QUERY_LENGTH, search_terms

RESULTS_PER_PAGE = 10
MAX_SUGGESTIONS = 5
# How long a page of results is kept: short, since every query's answer takes a key.
RESULTS_CACHE_SECONDS = 600


def visible_conditions():
    return visible_for_search(ConditionPage.objects.all()).defer_streamfields()


def promotions_for(raw_query):
    """Editors' promoted results for this query, leaving out any page a visitor may not
    see (unpublished since it was promoted, or put behind a login)."""
    promotions = list(
        SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(raw_query)
        ).select_related("page")
    )
    promoted_pages = [promotion.page_id for promotion in promotions if promotion.page_id]
    shown = visible_page_ids(promoted_pages)
    return [
        promotion
        for promotion in promotions
        if promotion.page_id in shown or (not promotion.page_id and promotion.external_link_url)
    ]


class FoundPages:
    """A page of search results found earlier, for the Paginator: as long as the
    number of matches, and the pages of `number` (1-based) when that page is sliced."""

    def __init__(self, count, pages):
        self.length, self.pages = count, pages

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        return self.pages


def results_page(request, terms):
    """The page of results asked for. Which pages match, and their number, are cached
    under the site's content version (see content_version.py), so the next visitor
    asking the same gets them in one query by id, and a publish, unpublish or privacy
    change shows at once."""
    page_number = request.GET.get("page")
    found = f"{terms}\x00{page_number}".encode()
    key = f"site-search:{hashlib.sha256(found).hexdigest()}:{content_version(request)}"
    if (cached := cache.get(key)) is None:
        results = Paginator(visible_conditions().search(terms), RESULTS_PER_PAGE).get_page(
            page_number
        )
        ids = [page.pk for page in results]
        cache.set(key, (results.paginator.count, results.number, ids), RESULTS_CACHE_SECONDS)
        return results
    count, number, ids = cached
    pages = visible_conditions().in_bulk(ids)
    found_pages = FoundPages(count, [pages[pk] for pk in ids if pk in pages])
    return Paginator(found_pages, RESULTS_PER_PAGE).page(number)


def search(request):
    raw_query = request.GET.get("q", "").replace("\x00", "")[:MAX_QUERY_LENGTH].strip()
    terms = search_terms(raw_query)
    results = promotions = suggestions = None
    if raw_query:
        # Editors' picks are looked up without recording the query: a search is a
        # read, so anonymous traffic never writes to the database.
        promotions = promotions_for(raw_query)
        # get_page() turns a missing, garbled or out-of-range number into a real page.
        results = (
            results_page(request, terms)
            if terms
            else Paginator([], RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        )
        if terms and not results.paginator.count:
            # Whole words found nothing: offer titles and synonyms that start with
            # what was typed, which catches half-typed words ("metast").
            suggestions = visible_conditions().autocomplete(terms)[:MAX_SUGGESTIONS]
    return render(
        request,
        "search/search.html",
        {
            "search_query": raw_query,
            "results": results,
            "promotions": promotions,
            "suggestions": suggestions,
        },
    )
