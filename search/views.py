"""Site search over the live, public condition articles."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import render

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from condition_pages.models import ConditionPage
from condition_pages.visibility import visible_page_ids
from core.app_cache import remember, versioned_key
from core.limits import SEARCH_RANKED_MAX, SEARCH_RESULTS_PER_PAGE, SEARCH_SUGGESTIONS_MAX

from .query import MAX_QUERY_LENGTH, search_terms

# How long a page of results is kept: short, since every query's answer takes a key.
RESULTS_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Scope:
    """What every search in a language on a host starts from."""

    locale_id: int
    language_code: str
    site: Site | None


def search_scope(request):
    """The active language's locale and the request's Site (which the results' links are
    relative to), kept in the app cache under the content version, as a page's route
    keeps its Site (site_config.page_routes): two queries less in every search. A site
    or locale changed in the admin is logged, which renews the content version."""
    if not hasattr(request, "search_scope"):

        def find():
            locale = Locale.get_active()
            return Scope(locale.pk, locale.language_code, Site.find_for_request(request))

        request.search_scope = remember(
            versioned_key("search-scope", request, request.get_host()), find
        )
        # Where Site.find_for_request, and so every page's get_url, looks first.
        request._wagtail_site = request.search_scope.site
    return request.search_scope


def visible_conditions(request=None):
    """What a visitor may find, in the language of the page they search from (/hi/search/
    finds Hindi pages)."""
    locale_id = search_scope(request).locale_id if request else Locale.get_active().pk
    return (
        ConditionPage.objects.visible_for_search(request)
        .filter(locale_id=locale_id)
        .defer_streamfields()
    )


def language_search_backend(request):
    """The search backend, reading queries as the active language's pages are indexed
    when it can (search.backend.LanguageSearchBackend.for_language): the site search
    finds pages of one language only."""
    backend = get_search_backend()
    for_language = getattr(backend, "for_language", None)
    return for_language(search_scope(request).language_code) if for_language else backend


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


@dataclass(frozen=True)
class Result:
    """What a result shows of a condition: plain strings, small enough to cache."""

    title: str
    url: str
    summary: str
    also_known_as_list: tuple


class OnePage:
    """One page of results out of `count`, for the Paginator, which then counts no
    query: it is that page's results, whatever slice of them is asked for."""

    def __init__(self, count, found):
        self.length, self.found = count, found

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        return self.found


def ids_of(results):
    """The ids of search results, in their order. The database backends' results are a
    query, read as ids alone; other backends' (Elasticsearch) give the pages."""
    if hasattr(results, "get_queryset"):
        return list(results.get_queryset().values_list("pk", flat=True))
    return [found.pk for found in results]


def results_page(request, terms):
    """The page of results asked for. It is cached under the site's content version
    (core.app_cache) whoever asks, since it lists only what every visitor may see: the
    next visitor asking the same reads no page at all, and a publish, unpublish or
    privacy change shows at once."""
    page_number = request.GET.get("page")

    def find():
        conditions = visible_conditions(request)
        backend = language_search_backend(request)
        # Ranking (and counting) every match of a term on every page reads all of them
        # (a third of a second at 10,000 pages), so at most SEARCH_RANKED_MAX are ranked:
        # the pages named by the term (a title or other name starting with it, from the
        # autocomplete index) first, then the first matches found, unranked, which the
        # database stops at. Below that many matches the results are exact. Only ids are
        # read until the page of results is known: no page object is built for the
        # hundreds of matches that are not shown.
        named = ids_of(
            backend.autocomplete(terms, conditions, order_by_relevance=False)[:SEARCH_RANKED_MAX]
        )
        matching = ids_of(
            backend.search(terms, conditions, order_by_relevance=False)[: SEARCH_RANKED_MAX + 1]
        )
        more = len(matching) > SEARCH_RANKED_MAX
        candidates = list(dict.fromkeys(named + matching))
        # Named pages that the whole words do not match drop out here.
        ranked = ids_of(
            backend.search(
                terms,
                conditions.filter(pk__in=candidates[:SEARCH_RANKED_MAX] if more else candidates),
            )
        )
        page = Paginator(ranked, SEARCH_RESULTS_PER_PAGE).get_page(page_number)
        shown = ConditionPage.objects.filter(pk__in=page.object_list).defer_streamfields()
        shown = {found.pk: found for found in shown}
        results = [
            Result(
                found.title, found.get_url(request), found.summary, tuple(found.also_known_as_list)
            )
            # A page deleted since it was ranked is left out, not a KeyError.
            for found in (shown[pk] for pk in page.object_list if pk in shown)
        ]
        return page.paginator.count, page.number, results, more

    count, number, results, more = remember(
        versioned_key("site-search", request, terms, page_number),
        find,
        seconds=RESULTS_CACHE_SECONDS,
    )
    page = Paginator(OnePage(count, results), SEARCH_RESULTS_PER_PAGE).page(number)
    page.more_than_ranked = more
    return page


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
            else Paginator([], SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        )
        if terms and not results.paginator.count:
            # Whole words found nothing: offer titles and other names that start with
            # what was typed, which catches half-typed words ("metast").
            suggestions = visible_conditions(request).autocomplete(terms)[:SEARCH_SUGGESTIONS_MAX]
    return render(
        request,
        "search/search.html",
        {
            "search_query": raw_query,
            "results": results,
            "promotions": promotions,
            "suggestions": suggestions,
            "languages_for_view": True,
        },
    )
