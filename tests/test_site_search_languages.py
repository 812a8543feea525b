"""Search in each language: a Hindi or Marathi word, or a condition's other name in
that language, is found under that language's /search/ only, and on PostgreSQL each
language's words are analysed by a text search configuration made for it (Hindi's
stemmer, Marathi's words whole, English's stemmer for English): search/backend.py."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's text search configurations"
)


def found(html, url):
    page = html(url)
    links = page.find_all("a", class_="result__link")
    return page, [(link.get_text(), link["href"]) for link in links]


@pytest.fixture
def catalogue(make_condition, translate):
    english = make_condition(
        title="Bone metastases",
        slug="bone-metastases",
        summary="Cancer that has spread to the bones can cause pain.",
        also_known_as="Bone mets",
    )
    other = make_condition(title="Anaemia", slug="anaemia", summary="Too few red blood cells.")
    translate(
        english,
        "hi",
        title="हड्डियों में फैला कैंसर",
        summary="हड्डियों में दर्द हो सकता है।",
        also_known_as="अस्थि मेटास्टेसिस",
    )
    translate(
        english,
        "mr",
        title="हाडांमध्ये पसरलेला कर्करोग",
        summary="हाडांमध्ये वेदना होऊ शकते.",
        also_known_as="अस्थिव्याधी",
    )
    translate(other, "hi", title="खून की कमी", summary="लाल रक्त कोशिकाएँ कम।")
    translate(other, "mr", title="रक्तक्षय", summary="लाल रक्तपेशी कमी.")


@pytest.mark.parametrize(
    "language, word, other_name, title",
    [
        ("hi", "दर्द", "मेटास्टेसिस", "हड्डियों में फैला कैंसर"),
        ("mr", "वेदना", "अस्थिव्याधी", "हाडांमध्ये पसरलेला कर्करोग"),
    ],
)
def test_a_word_and_an_other_name_are_found_in_their_language_only(
    html, catalogue, language, word, other_name, title
):
    for query in (word, other_name):
        page, results = found(html, f"/{language}/search/?q={query}")
        assert results == [(title, f"/{language}/conditions/bone-metastases/")], query
        # The results page is in the language searched.
        assert page.html["lang"] == language
        for elsewhere in {"/search/", "/hi/search/", "/mr/search/"} - {f"/{language}/search/"}:
            assert found(html, f"{elsewhere}?q={query}")[1] == [], (elsewhere, query)


def test_english_words_are_found_in_english_only(html, catalogue):
    assert found(html, "/search/?q=bone+mets")[1] == [
        ("Bone metastases", "/conditions/bone-metastases/")
    ]
    assert found(html, "/hi/search/?q=bone+mets")[1] == []


@postgres_only
def test_english_words_are_found_by_their_stem(html, catalogue):
    # "pains" and "spreading" are not on the page; "pain" and "spread" are.
    assert found(html, "/search/?q=pains+spreading")[1] == [
        ("Bone metastases", "/conditions/bone-metastases/")
    ]


@postgres_only
def test_hindi_words_are_found_by_their_stem(html, catalogue):
    # The page says "हड्डियों" (bones); a patient types "हड्डी" (bone).
    assert found(html, "/hi/search/?q=हड्डी")[1] == [
        ("हड्डियों में फैला कैंसर", "/hi/conditions/bone-metastases/")
    ]


@postgres_only
@pytest.mark.parametrize(
    "url, config",
    [
        ("/search/?q=pain", "english"),
        ("/hi/search/?q=दर्द", "hindi"),
        ("/mr/search/?q=वेदना", "simple"),
    ],
)
def test_the_site_search_reads_words_with_its_languages_configuration_alone(
    client, catalogue, url, config
):
    """It searches one language's pages, whose entries were all built with that
    language's configuration: the other languages' forms of the words could find
    nothing more (autocomplete's prefixes are `simple` in every language)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    words = [
        query["sql"]
        for query in queries
        if "to_tsquery" in query["sql"] and ":*" not in query["sql"]
    ]
    assert words
    for sql in words:
        configs = set(re.findall(r"to_tsquery\('(\w+)'", sql))
        assert configs == {config}, sql


@postgres_only
def test_each_languages_entries_are_built_with_its_configuration(catalogue):
    """English stemming never touches Devanagari, and Marathi, which PostgreSQL has no
    stemmer for, keeps its words whole: the index entries themselves."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.title, e.body::text FROM wagtailsearch_indexentry e"
            " JOIN wagtailcore_page p ON e.object_id = p.id::text"
            " WHERE p.slug = 'bone-metastases' AND p.depth > 3"
        )
        bodies = dict(cursor.fetchall())
    assert "'pain'" in bodies["Bone metastases"]  # English, stemmed
    assert "'spread'" in bodies["Bone metastases"]
    assert "'हड्ड'" in bodies["हड्डियों में फैला कैंसर"]  # Hindi, stemmed
    assert "'हाडांमध्ये'" in bodies["हाडांमध्ये पसरलेला कर्करोग"]  # Marathi, whole
    assert "'वेदना'" in bodies["हाडांमध्ये पसरलेला कर्करोग"]


@postgres_only
def test_an_api_search_over_every_language_finds_a_hindi_word_by_its_stem(client, catalogue):
    """An app's search may cover every language at once: the query is read by each
    language's configuration, so a Hindi page's stemmed entry is still met."""
    for url in ("/api/v3/conditions/?search=हड्डी", "/api/v3/conditions/?search=हड्डी&locale=hi"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert [item["title"] for item in response.json()["items"]] == ["हड्डियों में फैला कैंसर"], url
