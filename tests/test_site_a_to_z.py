"""The A–Z index of conditions at /conditions/: grouped by letter with jump links,
other names listed, filterable by specialty with a plain form; past
A_TO_Z_ONE_PAGE_MAX conditions, a page per letter."""

from urllib.parse import urlsplit

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from condition_pages.a_to_z import letter_page_urls
from condition_pages.models import ConditionIndexPage
from tests.factories.conditions import SpecialtyFactory


def entries(soup):
    """{letter: [(name, href, see)]} as the index shows them."""
    return {
        section.h2.text: [
            (
                li.select_one("a.az-entry__link").text,
                li.select_one("a.az-entry__link")["href"],
                li.select_one(".az-entry__see") and li.select_one(".az-entry__see").text,
            )
            for li in section.select("li.az-entry")
        ]
        for section in soup.select("section.az-group")
    }


def test_conditions_are_grouped_by_first_letter(html, make_condition):
    for title in ["Osteosarcoma", "Anaemia", "Bone metastases", "Breast cancer", "Ödema"]:
        make_condition(title=title)

    groups = entries(html("/conditions/"))
    assert {letter: [name for name, _, _ in items] for letter, items in groups.items()} == {
        "A": ["Anaemia"],
        "B": ["Bone metastases", "Breast cancer"],
        "O": ["Ödema", "Osteosarcoma"],  # filed by its letter, accents aside
    }


def test_jump_links_lead_to_letters_that_have_conditions(html, make_condition):
    make_condition(title="Anaemia")
    make_condition(title="Bone metastases")

    soup = html("/conditions/")
    nav = soup.select_one("nav.az-nav")
    assert nav["aria-label"] == "Conditions by letter"
    links = {a.text: a["href"] for a in nav.select("a")}
    assert links == {"A": "#letter-a", "B": "#letter-b"}
    for href in links.values():
        assert soup.find(id=href[1:]).name == "section"
    # Letters with nothing under them are shown, but are not links to nowhere.
    assert [li.text.strip()[0] for li in nav.select("li")] == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def test_other_names_lead_to_their_condition(html, condition_page):
    condition_page.also_known_as = "Bone mets\nSecondary bone cancer\nbone METASTASES"
    condition_page.save_revision().publish()

    groups = entries(html("/conditions/"))
    assert groups["B"] == [
        ("Bone metastases", condition_page.url, None),
        # Listed under its own letter, leading to the article it names.
        ("Bone mets", condition_page.url, "see Bone metastases"),
    ]  # "bone METASTASES" is the title again, so it is not listed twice
    assert groups["S"] == [("Secondary bone cancer", condition_page.url, "see Bone metastases")]


def test_drafts_and_private_pages_are_not_listed(html, condition_page, make_condition):
    make_condition(title="Draft condition", also_known_as="Draft synonym", live=False)
    private = make_condition(title="Private condition", also_known_as="Private synonym")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    names = [name for items in entries(html("/conditions/")).values() for name, _, _ in items]
    assert names == ["Bone metastases"]


@pytest.fixture
def two_specialties(make_condition):
    oncology = SpecialtyFactory(name="Orthopaedic oncology", slug="orthopaedic-oncology")
    blood = SpecialtyFactory(name="Haematology", slug="haematology")
    SpecialtyFactory(name="Unused", slug="unused")
    make_condition(title="Bone metastases", specialties=[oncology])
    make_condition(title="Osteosarcoma", specialties=[oncology])
    make_condition(title="Anaemia", specialties=[blood])
    draft_only = SpecialtyFactory(name="Draft only", slug="draft-only")
    make_condition(title="Unpublished", specialties=[draft_only], live=False)
    return oncology


def test_specialty_filter_is_a_plain_get_form(html, two_specialties):
    form = html("/conditions/").select_one("form.filter")
    assert form["method"] == "get"
    assert form["action"] == "/conditions/"
    select = form.select_one("select[name=specialty]")
    assert form.select_one(f"label[for={select['id']}]")
    assert form.select_one("button[type=submit]")
    # Only specialties that have a published condition are offered.
    assert [(o["value"], o.text) for o in select.select("option")] == [
        ("", "All specialties"),
        ("haematology", "Haematology"),
        ("orthopaedic-oncology", "Orthopaedic oncology"),
    ]


def test_specialty_filter_shows_only_that_specialty(html, two_specialties):
    soup = html("/conditions/?specialty=orthopaedic-oncology")

    names = [name for items in entries(soup).values() for name, _, _ in items]
    assert names == ["Bone metastases", "Osteosarcoma"]
    assert soup.select_one("option[selected]")["value"] == "orthopaedic-oncology"
    status = soup.select_one(".filter__status")
    assert "Showing 2 conditions treated by Orthopaedic oncology" in " ".join(status.text.split())
    assert status.a["href"] == "/conditions/"


@pytest.mark.parametrize(
    "specialty", ["no-such-specialty", "unused", "draft-only", "\x00", "x" * 5000, "'; --"]
)
def test_unknown_specialty_lists_nothing_and_offers_a_way_back(html, two_specialties, specialty):
    soup = html(f"/conditions/?specialty={specialty}")

    assert entries(soup) == {}
    status = soup.select_one(".filter__status")
    assert "No conditions match that specialty." in status.text
    assert status.a["href"] == "/conditions/"


def test_index_costs_the_same_queries_for_two_or_twenty_conditions(
    client, condition_index, make_condition
):
    def uncached_queries():
        cache.clear()  # measure the A–Z list being built, not served from the cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/conditions/?specialty=oncology").status_code == 200
        return len(captured)

    oncology = SpecialtyFactory(name="Oncology", slug="oncology")
    for n in range(2):
        make_condition(title=f"Condition {n}", also_known_as="Other name", specialties=[oncology])
    few = uncached_queries()
    for n in range(2, 20):
        make_condition(title=f"Condition {n}", also_known_as="Other name", specialties=[oncology])
    assert uncached_queries() == few


def test_cached_index_skips_building_the_list(client, make_condition):
    for n in range(5):
        make_condition(title=f"Condition {n}")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/conditions/").status_code == 200
        return len(captured)

    built = queries()
    assert queries() < built


def test_cached_index_shows_every_publish_unpublish_and_rename_at_once(html, make_condition):
    anaemia = make_condition(title="Anaemia")
    make_condition(title="Bone metastases")
    assert names(html("/conditions/")) == ["Anaemia", "Bone metastases"]

    make_condition(title="Chondrosarcoma")
    assert names(html("/conditions/")) == ["Anaemia", "Bone metastases", "Chondrosarcoma"]

    anaemia.title = "Aplastic anaemia"
    anaemia.save_revision().publish()
    assert names(html("/conditions/")) == ["Aplastic anaemia", "Bone metastases", "Chondrosarcoma"]

    anaemia.unpublish()
    assert names(html("/conditions/")) == ["Bone metastases", "Chondrosarcoma"]


def names(soup):
    return [name for items in entries(soup).values() for name, _, _ in items]


@pytest.fixture
def large_catalogue(settings, make_condition):
    """A catalogue past the one-page limit (lowered, so that the test stays small)."""
    settings.A_TO_Z_ONE_PAGE_MAX = 3
    oncology = SpecialtyFactory(name="Oncology", slug="oncology")
    make_condition(title="Anaemia", specialties=[oncology])
    make_condition(title="Bone metastases", also_known_as="Bone mets\nSecondary bone cancer")
    make_condition(title="Breast cancer", specialties=[oncology])
    make_condition(title="Ödema")
    return oncology


def test_large_index_lists_letters_that_lead_to_a_page_each(html, large_catalogue):
    soup = html("/conditions/")

    assert entries(soup) == {}  # no condition is listed on the index itself
    links = {a.text: a["href"] for a in soup.select("nav.az-nav a")}
    assert links == {
        "A": "/conditions/letter/a/",
        "B": "/conditions/letter/b/",
        "O": "/conditions/letter/o/",
        "S": "/conditions/letter/s/",
    }
    nav_letters = [li.text.strip()[0] for li in soup.select("nav.az-nav li")]
    assert nav_letters == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def test_letter_page_lists_its_letter_with_the_jump_links_kept(html, large_catalogue):
    soup = html("/conditions/letter/b/")

    assert soup.h1.text == "Conditions A to Z: B"
    assert soup.title.text.startswith("Conditions A to Z: B |")
    assert soup.select_one('link[rel="canonical"]')["href"].endswith("/conditions/letter/b/")
    assert entries(soup) == {
        "B": [
            ("Bone metastases", "/conditions/bone-metastases/", None),
            ("Bone mets", "/conditions/bone-metastases/", "see Bone metastases"),
            ("Breast cancer", "/conditions/breast-cancer/", None),
        ]
    }
    current = soup.select_one('nav.az-nav a[aria-current="page"]')
    assert current.text == "B"
    assert soup.select_one("nav.az-nav a[href='/conditions/letter/o/']")
    assert html("/conditions/letter/o/").select_one("li.az-entry a").text == "Ödema"


def test_a_long_letter_is_split_into_pages_linked_from_each_other(html, settings, large_catalogue):
    # B's three names take about 200 bytes of HTML each: two a page, then one.
    settings.A_TO_Z_LETTER_PAGE_BYTES = 450

    first, second = html("/conditions/letter/b/"), html("/conditions/letter/b/?page=2")

    assert names(first) == ["Bone metastases", "Bone mets"]
    assert names(second) == ["Breast cancer"]
    for soup, number in [(first, "1"), (second, "2")]:
        pages = soup.select_one("nav.az-pages")
        assert pages["aria-label"] == "Pages of B"
        assert {a.text: a["href"] for a in pages.select("a")} == {
            "1": "/conditions/letter/b/",
            "2": "/conditions/letter/b/?page=2",
        }
        assert pages.select_one('a[aria-current="page"]').text == number
        # The jump links to the letters stay on every page of a letter.
        assert soup.select_one('nav.az-nav a[aria-current="page"]').text == "B"
    assert second.h1.text == "Conditions A to Z: B (page 2 of 2)"
    assert second.title.text.startswith("Conditions A to Z: B (page 2 of 2) |")
    canonical = second.select_one('link[rel="canonical"]')["href"]
    assert canonical.endswith("/conditions/letter/b/?page=2")
    # A letter that fits on one page has no page links.
    assert html("/conditions/letter/a/").select_one("nav.az-pages") is None
    for page in ["3", "0", "x", "-1", "1.5", "²"]:
        html(f"/conditions/letter/b/?page={page}", status=404)


def test_pages_of_a_letter_keep_the_specialty_filter(
    html, settings, large_catalogue, make_condition
):
    settings.A_TO_Z_LETTER_PAGE_BYTES = 1  # a page holds at least one name
    make_condition(title="Bladder cancer", specialties=[large_catalogue])  # oncology

    soup = html("/conditions/letter/b/?specialty=oncology&page=2")

    assert names(soup) == ["Breast cancer"]
    assert {a.text: a["href"] for a in soup.select("nav.az-pages a")} == {
        "1": "/conditions/letter/b/?specialty=oncology",
        "2": "/conditions/letter/b/?specialty=oncology&page=2",
    }
    assert names(html("/conditions/letter/b/?specialty=oncology")) == ["Bladder cancer"]
    html("/conditions/letter/b/?specialty=oncology&page=3", status=404)


def test_a_page_of_a_letter_shows_a_publish_at_once(
    html, settings, large_catalogue, make_condition
):
    settings.A_TO_Z_LETTER_PAGE_BYTES = 450
    assert names(html("/conditions/letter/b/?page=2")) == ["Breast cancer"]
    make_condition(title="Bladder stones")  # files first: every name moves on a place
    assert names(html("/conditions/letter/b/?page=2")) == ["Bone mets", "Breast cancer"]


def test_letter_pages_keep_the_specialty_filter(html, large_catalogue):
    soup = html("/conditions/letter/b/?specialty=oncology")

    assert entries(soup) == {"B": [("Breast cancer", "/conditions/breast-cancer/", None)]}
    links = {a.text: a["href"] for a in soup.select("nav.az-nav a")}
    assert links == {
        "A": "/conditions/letter/a/?specialty=oncology",
        "B": "/conditions/letter/b/?specialty=oncology",
    }


def test_letter_without_conditions_says_so_and_unknown_letters_are_not_found(html, large_catalogue):
    soup = html("/conditions/letter/q/")
    assert entries(soup) == {}
    assert "No conditions are listed under this letter." in soup.main.text
    html("/conditions/letter/other/")
    for slug in ["ab", "1", "%00", "Q"]:
        html(f"/conditions/letter/{slug}/", status=404)


def test_large_index_stays_the_same_size_as_conditions_are_added(
    client, large_catalogue, make_condition
):
    before = len(client.get("/conditions/").content)
    for n in range(10):
        make_condition(title=f"Bone condition {n}", also_known_as=f"Another name {n}")
    assert len(client.get("/conditions/").content) == before


def test_letter_pages_show_a_publish_at_once(html, large_catalogue, make_condition):
    assert html("/conditions/letter/c/").select("li.az-entry") == []
    make_condition(title="Chondrosarcoma")
    assert names(html("/conditions/letter/c/")) == ["Chondrosarcoma"]


def test_letter_page_urls_name_the_index_and_every_letter_page(client, large_catalogue):
    index = ConditionIndexPage.objects.get()

    urls = letter_page_urls(index)

    letters = [*"abcdefghijklmnopqrstuvwxyz", "other"]
    assert urls == [index.full_url, *(f"{index.full_url}letter/{slug}/" for slug in letters)]
    for url in urls:
        assert client.get(urlsplit(url).path).status_code == 200
