"""The article and the API cost a constant number of SQL queries, whatever the
number of blocks, related conditions or pages in a listing: measured with the app's
caches empty (what the first reader after a publish pays)."""

import pytest
from wagtail_factories import ImageFactory

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from condition_pages.factories import full_body


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
    # Routing, site, visibility and content version, then one query per kind of
    # related data (renditions, clinical codes, related conditions and their pages).
    assert baseline <= 16
