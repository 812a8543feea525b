"""Site search over the live, public condition articles."""

from django.core.paginator import Paginator
from django.shortcuts import render

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from condition_pages.limits import SEARCH_RESULTS_PER_PAGE, SEARCH_SUGGESTIONS_MAX
from condition_pages.models import ConditionPage
from condition_pages.visibility import visible_page_ids

from .query import MAX_QUERY_LENGTH, search_terms


def visible_conditions():
    return ConditionPage.objects.visible_for_search().defer_streamfields()


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


def search(request):
    raw_query = request.GET.get("q", "").replace("\x00", "")[:MAX_QUERY_LENGTH].strip()
    terms = search_terms(raw_query)
    results = promotions = suggestions = None
    if raw_query:
        # Editors' picks are looked up without recording the query: a search is a
        # read, so anonymous traffic never writes to the database.
        promotions = promotions_for(raw_query)
        matches = visible_conditions().search(terms) if terms else []
        paginator = Paginator(matches, SEARCH_RESULTS_PER_PAGE)
        # get_page() turns a missing, garbled or out-of-range number into a real page.
        results = paginator.get_page(request.GET.get("page"))
        if terms and not paginator.count:
            # Whole words found nothing: offer titles and synonyms that start with
            # what was typed, which catches half-typed words ("metast").
            suggestions = visible_conditions().autocomplete(terms)[:SEARCH_SUGGESTIONS_MAX]
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
