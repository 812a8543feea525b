"""The article and the API cost a constant number of SQL queries, whatever the
number of blocks, related conditions or pages in a listing: measured with the app's
caches empty (what the first reader after a publish pays)."""

import pytest
from wagtail_factories import ImageFactory

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.conditions import full_body


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    cache.clear()  # but not the rendered pages and API answers
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


# Real SNOMED CT ids (valid check digits) and ICD-10 codes.
CODES = [
    ("snomed", "94222008"),
    ("icd10", "C79.5"),
    ("snomed", "128462008"),
    ("icd10", "C79.51"),
    ("snomed", "363346000"),
]


def enrich(page, make_condition, *, related, blocks):
    page.body = full_body(copies=blocks)
    page.hero_image = ImageFactory()
    for index in range(related):
        other = make_condition(title=f"{page.title} related {index}", hero_image=ImageFactory())
        page.related_conditions.create(related_page=other)
    for system, code in CODES[: min(related, len(CODES))]:
        page.clinical_codes.create(system=system, code=code)
    page.save_revision().publish()


@pytest.mark.parametrize(
    "url",
    [
        "/conditions/{slug}/",
        "/api/v2/pages/{pk}/",
        "/api/v2/pages/?type=condition_pages.ConditionPage&fields=*",
        "/api/v3/pages/{pk}/",
        "/api/v3/conditions/?limit=20",
        "/api/v3/conditions/?limit=20&modified_since=2000-01-01T00:00:00Z",
        "/api/v3/changes/?limit=20",
    ],
)
def test_queries_do_not_grow_with_content(client, make_condition, url):
    small = make_condition(title="Small")
    enrich(small, make_condition, related=1, blocks=1)
    baseline = count_queries(client, url.format(pk=small.pk, slug=small.slug))

    big = make_condition(title="Big")
    enrich(big, make_condition, related=8, blocks=5)
    assert count_queries(client, url.format(pk=big.pk, slug=big.slug)) == baseline
    # Routing, site, visibility and content version, the schedule (pages, revisions and
    # calls to action due to go live or expire), then one query per kind of related
    # data (renditions, clinical codes, related conditions and their pages); an
    # article also reads its urgent help line (site settings) when it is rendered. And
    # what languages cost: Wagtail's routing by locale (the active locale, the home
    # page's translation), the page's locale in Wagtail's own API fields, and the
    # page's translations (language switcher, hreflang, the APIs' `translations`).
    assert baseline <= 22


V2_CONDITIONS = "/api/v2/pages/?type=condition_pages.ConditionPage&fields=translations,translation"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/conditions/?limit=20",
        "/api/v3/conditions/?limit=20&search=bone",
        "/api/v3/conditions/?limit=20&locale=hi",
        f"{V2_CONDITIONS}&limit=20",
        f"{V2_CONDITIONS}&limit=20&locale=hi",
    ],
)
def test_listing_each_items_translations_costs_the_same_for_any_number_of_items(
    client, make_condition, translate, url
):
    """Both APIs' listings give each item's translations (and a translation's state)
    as the detail does: found for the whole page of results in one query."""

    def add_translated(title):
        page = make_condition(title=title)
        page.save_revision().publish()
        translate(page, "hi", title=f"{title} (हिन्दी)")
        translate(page, "mr", title=f"{title} (मराठी)")

    add_translated("Bone metastases")
    baseline = count_queries(client, url)
    for index in range(4):
        add_translated(f"Bone tumour {index}")
    assert count_queries(client, url) == baseline

    items = client.get(url).json()["items"]
    assert len(items) == (5 if "locale=" in url else 15)
    for item in items:
        language = item["locale"] if "/v3/" in url else item["meta"]["locale"]
        assert [translation["locale"] for translation in item["translations"]] == [
            "en",
            "hi",
            "mr",
        ]
        assert item["id"] in [translation["id"] for translation in item["translations"]]
        if language == "en":
            assert item["translation"] is None
        else:
            assert item["translation"]["up_to_date"] is True


def test_an_article_not_from_the_page_cache_is_served_in_one_query(client, make_condition):
    """The second reader of an article by a URL the page cache does not keep (a query
    string of its own) finds its route and page kept (site_config.page_routes): the
    content version's query alone, where routing through the tree costs a dozen or
    more."""
    page = make_condition(title="Small")
    enrich(page, make_condition, related=3, blocks=2)
    client.get(f"{page.url}?v=warm")
    first = client.get(f"{page.url}?v=1")

    with CaptureQueriesContext(connection) as context:
        second = client.get(f"{page.url}?v=2")

    assert second.status_code == 200
    assert second.content == first.content
    assert len(context.captured_queries) == 1, [q["sql"] for q in context.captured_queries]
