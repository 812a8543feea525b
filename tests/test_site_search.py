"""Site search at /search/: live public condition pages only, found by title, summary,
other names and block text; paginated; editors' promotions; never a 500."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from tests.factories.conditions import stream


def result_titles(soup):
    return [a.text for a in soup.select("section.results a.result__link")]


@pytest.fixture
def bone_metastases(make_condition):
    return make_condition(
        title="Bone metastases",
        slug="bone-metastases",
        summary="Cancer that has spread to the bones from somewhere else.",
        also_known_as="Bone mets\nSecondary bone cancer",
    )


@pytest.fixture
def anaemia(make_condition):
    return make_condition(
        title="Anaemia",
        summary="Too few red blood cells to carry oxygen around the body.",
        body=stream(
            "section",
            **{"0__section__heading": "About", "0__section__body": RichText("<p>Tiredness.</p>")},
        ),
    )


def test_bone_mets_finds_bone_metastases(html, bone_metastases, anaemia):
    soup = html("/search/?q=bone+mets")

    assert result_titles(soup) == ["Bone metastases"]
    assert soup.select_one("a.result__link")["href"] == bone_metastases.url
    assert soup.select_one("#results-heading").text == "1 result for “bone mets”"
    assert "Also known as: Bone mets, Secondary bone cancer" in soup.select_one(".result").text


@pytest.mark.parametrize(
    "query",
    [
        "metastases",  # title
        "spread",  # summary
        "secondary",  # another name
        "fatigue",  # a symptom in the symptoms block
        "CT scan",  # a test in the diagnosis block
        "radiation",  # a treatment in the treatment block
        "depends",  # rich text of the prognosis block
    ],
)
def test_search_covers_titles_summaries_other_names_and_block_text(
    html, bone_metastases, anaemia, query
):
    assert result_titles(html(f"/search/?q={query}")) == ["Bone metastases"]


def test_search_never_shows_drafts_private_pages_or_unpublished_changes(
    html, bone_metastases, make_condition
):
    make_condition(title="Zebra draft", live=False)
    private = make_condition(title="Zebra private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    bone_metastases.summary = "Zebra words only in an unpublished draft."
    bone_metastases.save_revision()

    soup = html("/search/?q=zebra")
    assert result_titles(soup) == []
    assert "No results for “zebra”" in soup.select_one("section.no-results h2").text
    assert "Zebra" not in soup.select_one("main").text.replace("“zebra”", "")


def test_results_are_paginated(client, html, make_condition):
    for n in range(13):
        make_condition(title=f"Lymphoma type {n:02}", summary="A lymph condition.")

    first = html("/search/?q=lymphoma")
    assert len(result_titles(first)) == 10
    assert first.select_one("#results-heading").text == "13 results for “lymphoma”"
    assert "Page 1 of 2" in first.select_one("nav.pagination").text
    next_link = first.select_one("nav.pagination a[rel=next]")
    assert next_link["href"] == "?q=lymphoma&page=2"
    assert not first.select("nav.pagination a[rel=prev]")

    second = html("/search/" + next_link["href"])
    assert len(result_titles(second)) == 3
    assert second.select_one("section.results ol")["start"] == "11"
    assert second.select_one("nav.pagination a[rel=prev]")["href"] == "?q=lymphoma&page=1"
    every_title = result_titles(first) + result_titles(second)
    assert sorted(every_title) == [f"Lymphoma type {n:02}" for n in range(13)]


def test_a_term_on_more_pages_than_are_ranked_ranks_the_first_found(
    html, make_condition, monkeypatch
):
    """Beyond SEARCH_RANKED_MAX matches the search ranks only the first ones found, so
    that a term on every page of a large catalogue costs what a few matches cost; it
    says there are more."""
    monkeypatch.setattr("search.views.SEARCH_RANKED_MAX", 12)
    for n in range(14):
        make_condition(title=f"Lymphoma type {n:02}", summary="A lymph condition.")

    first = html("/search/?q=lymphoma")
    second = html("/search/?q=lymphoma&page=2")

    assert first.select_one("#results-heading").text == "More than 12 results for “lymphoma”"
    assert "Page 1 of 2" in first.select_one("nav.pagination").text
    found = result_titles(first) + result_titles(second)
    assert len(found) == len(set(found)) == 12
    assert set(found) <= {f"Lymphoma type {n:02}" for n in range(14)}


def test_beyond_the_ranked_matches_a_page_named_by_the_term_still_comes_first(
    html, make_condition, monkeypatch
):
    """The pages ranked when a term is on too many pages include every page whose
    title (or other name) is the term, however late the database would find it: a
    patient searching "pain" among thousands of pages that mention pain finds the
    article about pain."""
    monkeypatch.setattr("search.views.SEARCH_RANKED_MAX", 5)
    for n in range(8):
        make_condition(title=f"Condition {n:02}", summary="It can cause pain.")
    make_condition(title="Cancer pain", summary="Pain that cancer or its treatment causes.")

    first = html("/search/?q=pain")

    assert first.select_one("#results-heading").text.startswith("More than")
    assert result_titles(first)[0] == "Cancer pain"


@pytest.mark.parametrize(
    ("page", "shown"),
    [("0", 2), ("-1", 2), ("abc", 1), ("1e3", 1), ("", 1), ("99999999999999999999999", 2)],
)
def test_any_page_number_shows_a_real_page(html, make_condition, page, shown):
    for n in range(12):
        make_condition(title=f"Lymphoma type {n:02}")

    soup = html(f"/search/?q=lymphoma&page={page}")
    assert f"Page {shown} of 2" in soup.select_one("nav.pagination").text


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"bone',
        "\x00",
        "bone\x00mets",
        "&|!():*^~-+",
        "bone AND OR NOT",
        "'; DROP TABLE wagtailcore_page; --",
        "%_\\",
        "😀 ü 骨",
        "bone " * 2000,
        "x" * 10_000,
    ],
)
def test_garbage_and_very_long_queries_never_fail(client, bone_metastases, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_query_is_shown_back_escaped(html, bone_metastases):
    soup = html("/search/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert not soup.select("main script")
    assert soup.select_one("#search-q")["value"] == "<script>alert(1)</script>"


def test_no_results_page_offers_suggestions(html, bone_metastases):
    soup = html("/search/?q=metast")

    no_results = soup.select_one("section.no-results")
    assert no_results.h2.text == "No results for “metast”"
    # A half-typed word still leads to the condition it starts.
    assert [(a.text, a["href"]) for a in no_results.select(".suggestions a")] == [
        ("Bone metastases", bone_metastases.url)
    ]
    assert no_results.select_one("a[href='/conditions/']")
    assert "check the spelling" in no_results.text


def test_empty_search_shows_the_form_only(html, bone_metastases):
    soup = html("/search/")
    assert soup.select_one("form.search-form input[name=q]")
    assert not soup.select("section.results, section.no-results")


def test_editors_promotions_come_first_but_never_hidden_pages(
    html, bone_metastases, anaemia, make_condition
):
    draft = make_condition(title="Draft pick", live=False)
    private = make_condition(title="Private pick")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    query = Query.get("Tired")
    for page in (anaemia, draft, private):
        SearchPromotion.objects.create(query=query, page=page, description=f"About {page.title}")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/fatigue",
        external_link_text="Living with fatigue",
    )

    soup = html("/search/?q=tired")  # promotions match whatever the case
    promoted = soup.select("section.promotions a.result__link")
    assert [(a.text, a["href"]) for a in promoted] == [
        ("Anaemia", anaemia.url),
        ("Living with fatigue", "https://example.org/fatigue"),
    ]
    assert "About Anaemia" in soup.select_one("section.promotions").text


def test_searching_does_not_record_anything(client, bone_metastases):
    client.get("/search/?q=something+new")
    assert not Query.objects.filter(query_string="something new").exists()


def test_every_page_has_a_search_form_that_works_without_javascript(html, bone_metastases):
    for url in ["/", "/conditions/", bone_metastases.url]:
        form = html(url).select_one("header form[role=search]")
        assert form["action"] == "/search/"
        assert form["method"] == "get"
        field = form.select_one("input[name=q]")
        assert form.select_one(f"label[for={field['id']}]").text


def test_a_repeated_search_is_read_by_id_and_shows_changes_at_once(
    html, bone_metastases, make_condition
):
    def titles(url):
        """The titles shown, asking twice: the second answer, which reads the pages
        found by the first, must be the same page with fewer queries."""
        with CaptureQueriesContext(connection) as first_queries:
            first = html(url)
        with CaptureQueriesContext(connection) as second_queries:
            second = html(url)
        assert second.select_one("main") == first.select_one("main")
        assert len(second_queries) < len(first_queries)
        return result_titles(second)

    for n in range(12):
        make_condition(title=f"Bone tumour {n:02}", summary="A bone condition.")
    assert len(titles("/search/?q=bone&page=2")) == 3

    make_condition(title="Bone cyst", summary="A bone condition.")
    assert len(titles("/search/?q=bone&page=2")) == 4
    bone_metastases.unpublish()
    found = titles("/search/?q=bone") + titles("/search/?q=bone&page=2")
    assert "Bone metastases" not in found
    assert len(found) == 13
