"""No cache hands a private page to a visitor who may not see it: for each kind of view
restriction, a visitor who may see the page (a signed-in editor, a member of the
group, a visitor who typed the password) reads every cached surface first, then an
anonymous visitor reads the same URLs and finds no trace of the page, and no shared
cache header on what the first visitor was shown. (Through Varnish:
tests/test_http_cache_varnish.py.)"""

import pytest

from django.test import Client

# A word that appears in the private page only, in its title and summary.
SECRET = "Zygomycosis"
# Another word of its summary, searched for: a search page repeats what was asked.
HIDDEN_WORD = "mucormycete"

SURFACES = {
    "article": "{url}",
    # Not kept by the page cache: routed through the routes kept in the app cache.
    "article, another query string": "{url}?v=1",
    "A–Z index": "/conditions/",
    "A–Z letter": "/conditions/letter/z/",
    "search": f"/search/?q={HIDDEN_WORD}",
    "sitemap": "/sitemap.xml",
    "API v2 detail": "/api/v2/pages/{id}/",
    "API v2 listing": "/api/v2/pages/?type=condition_pages.ConditionPage&fields=summary",
    "API v3 detail": "/api/v3/pages/{id}/",
    "API v3 listing": "/api/v3/conditions/",
}


@pytest.fixture
def private_page(make_condition, condition_page):
    # condition_page: a public article beside it, so listings are never empty.
    return make_condition(
        title=f"{SECRET} of the bone",
        slug="zygomycosis",
        summary=f"{SECRET}: a rare {HIDDEN_WORD} infection.",
    )


@pytest.mark.parametrize("kind", ["login", "groups", "password"])
def test_the_visitor_who_may_see_a_private_page_sees_it(kind, private_page, restrict_page):
    """The other tests' starting point: these visitors are shown the private page,
    which is what no cache may pass on."""
    visitor = restrict_page(private_page, kind)
    assert SECRET in visitor.get(private_page.url).text
    assert SECRET in visitor.get(f"/api/v2/pages/{private_page.pk}/").text


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("kind", ["login", "groups", "password"])
def test_an_anonymous_visitor_after_a_privileged_one_sees_no_private_page(
    kind, surface, private_page, restrict_page
):
    visitor = restrict_page(private_page, kind)
    url = SURFACES[surface].format(url=private_page.url, id=private_page.pk)
    for _ in range(2):  # the second read is the one a cache would answer
        shown = visitor.get(url)
        assert "public" not in shown.get("Cache-Control", ""), (surface, shown["Cache-Control"])

    anonymous = Client()
    for _ in range(2):
        answer = anonymous.get(url)
        assert SECRET not in answer.text, (surface, answer.status_code)


@pytest.mark.parametrize("kind", ["login", "groups", "password"])
def test_an_article_read_before_it_became_private_is_refused_at_once(
    kind, private_page, restrict_page
):
    """Its route was kept for anonymous readers (site_config.page_routes) while it was
    public; the restriction renews the content version, so the next read is checked."""
    anonymous = Client()
    for number in range(2):
        assert SECRET in anonymous.get(f"{private_page.url}?v={number}").text

    restrict_page(private_page, kind)

    assert SECRET not in anonymous.get(f"{private_page.url}?v=2").text


def test_an_article_read_before_it_was_unpublished_is_not_found_at_once(private_page):
    anonymous = Client()
    for number in range(2):
        assert anonymous.get(f"{private_page.url}?v={number}").status_code == 200

    private_page.unpublish()

    assert anonymous.get(f"{private_page.url}?v=2").status_code == 404
