"""The app caches an article's HTML and API reads under the site's content
version: a second read is served from the cache, and every publish, unpublish,
privacy change or draft shows (or stays hidden) in the very next read."""

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def related(condition_page, make_condition):
    other = make_condition(title="Osteosarcoma")
    condition_page.related_conditions.create(related_page=other)
    condition_page.save_revision().publish()
    return other


def assert_api_detail_shows_a_publish_and_a_privacy_change_at_once(client, page, url):
    assert client.get(url).json()["title"] == "Bone metastases"
    page.title = "Bone metastasis"
    page.save_revision().publish()
    assert client.get(url).json()["title"] == "Bone metastasis"

    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert client.get(url).status_code == 404


def related_titles(html, page):
    return [a.text.strip() for a in html(page.url).select("section.related a")]


def test_a_second_read_of_an_article_is_served_from_the_cache(client, condition_page):
    first = queries(client, condition_page.url)
    assert queries(client, condition_page.url) < first


def test_a_second_read_of_an_api_detail_is_served_from_the_cache(client, condition_page):
    url = f"/api/v2/pages/{condition_page.pk}/"
    queries(client, url)
    assert queries(client, url) == 1  # the content version, nothing else


def test_article_shows_a_publish_at_once(html, condition_page):
    assert html(condition_page.url).h1.text == "Bone metastases"
    condition_page.title = "Bone metastasis"
    condition_page.save_revision().publish()
    assert html(condition_page.url).h1.text == "Bone metastasis"


def test_article_drops_a_related_condition_unpublished_or_made_private(
    html, condition_page, related, make_condition
):
    assert related_titles(html, condition_page) == ["Osteosarcoma"]
    related.unpublish()
    assert related_titles(html, condition_page) == []

    private = make_condition(title="Chondrosarcoma")
    condition_page.related_conditions.create(related_page=private)
    condition_page.save_revision().publish()
    assert related_titles(html, condition_page) == ["Chondrosarcoma"]
    # Made private in code, without a log entry: the restrictions' count changes.
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert related_titles(html, condition_page) == []


def test_api_detail_shows_a_publish_and_a_privacy_change_at_once(client, condition_page):
    url = f"/api/v2/pages/{condition_page.pk}/"
    assert_api_detail_shows_a_publish_and_a_privacy_change_at_once(client, condition_page, url)


def test_a_previewed_draft_never_reaches_the_public_article(client, condition_page):
    condition_page.title = "Draft title"
    condition_page.save_revision()
    draft = condition_page.get_latest_revision_as_object()

    # Previews are rendered afresh: neither stored for the public nor read from it.
    assert b"Draft title" in draft.make_preview_request().content
    assert b"Draft title" not in client.get(condition_page.url).content
    assert b"Draft title" in draft.make_preview_request().content
    assert client.get(f"/api/v2/pages/{condition_page.pk}/").json()["title"] == "Bone metastases"


def test_api_v3_listing_count_follows_publishes_and_privacy_changes(
    client, condition_page, make_condition
):
    def count(query=""):
        return client.get(f"/api/v3/conditions/?limit=1{query}").json()["count"]

    assert count() == 1
    other = make_condition(title="Osteosarcoma")
    assert count() == 2
    assert count("&search=osteosarcoma") == 1
    PageViewRestriction.objects.create(page=other, restriction_type="login")
    assert count() == 1
    condition_page.unpublish()
    assert count() == 0


def test_api_v3_detail_is_cached_and_shows_a_publish_and_a_privacy_change_at_once(
    client, condition_page
):
    url = f"/api/v3/pages/{condition_page.pk}/"
    queries(client, url)
    assert queries(client, url) == 1  # the content version, nothing else
    assert_api_detail_shows_a_publish_and_a_privacy_change_at_once(client, condition_page, url)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/conditions/?limit=20",
        "/api/v2/pages/?type=condition_pages.ConditionPage&fields=*&order=title",
    ],
)
def test_api_listings_are_cached_and_show_changes_at_once(
    client, condition_page, make_condition, url
):

    def titles():
        return [item["title"] for item in client.get(url).json()["items"]]

    queries(client, url)
    assert queries(client, url) == 1  # the content version, nothing else
    assert titles() == ["Bone metastases"]

    other = make_condition(title="Osteosarcoma")
    assert titles() == ["Bone metastases", "Osteosarcoma"]
    condition_page.title = "Bone metastasis"
    condition_page.save_revision().publish()
    assert titles() == ["Bone metastasis", "Osteosarcoma"]
    PageViewRestriction.objects.create(page=other, restriction_type="login")
    assert titles() == ["Bone metastasis"]
    # Served from the cache or not, a parameter it does not take is still a 400.
    assert client.get(url + "&specialy=oncology").status_code == 400
    assert client.get(url.split("?")[0] + "?limit=x").status_code == 400


@pytest.mark.parametrize("path", ["/", "/conditions/", "{article}", "/sitemap.xml"])
def test_a_second_anonymous_read_of_a_page_is_its_whole_answer_from_the_cache(
    client, condition_page, path
):
    url = path.format(article=condition_page.url)
    first = client.get(url)
    with CaptureQueriesContext(connection) as captured:
        second = client.get(url)
    assert len(captured) == 1  # the content version, nothing else
    assert second.content == first.content
    assert sorted(second.headers.items()) == sorted(first.headers.items())
    assert "public" in second["Cache-Control"]


# Whether the view ran is told by its queries. Not on an article: its route and HTML
# are kept apart from the whole answer (site_config.page_routes), so its view runs in
# one query, as a whole answer from the cache does; the home page and the index are
# routed afresh each time the view runs.
def test_made_up_query_strings_and_search_results_are_not_kept(client, condition_page):
    for url in [
        "/?utm_source=mail",
        "/conditions/?utm_source=mail",
        "/search/?q=bone",
        "/api/v2/pages/?search=bone",
    ]:
        client.get(url)
        assert queries(client, url) > 1


def test_a_visitor_with_a_csrf_cookie_is_served_by_the_page_view(client, condition_page):
    client.cookies["csrftoken"] = "a" * 32  # a form may show them their token
    client.get("/")
    assert queries(client, "/") > 1


def test_an_editor_never_gets_nor_leaves_a_cached_page(editor_client, condition_page):
    anonymous = Client()
    assert "wagtail-userbar" not in anonymous.get(condition_page.url).text
    assert "wagtail-userbar" in editor_client.get(condition_page.url).text
    assert "wagtail-userbar" not in anonymous.get(condition_page.url).text


def test_a_page_made_private_is_never_served_from_the_cache(client, condition_page):
    assert "Bone metastases" in client.get(condition_page.url).text
    PageViewRestriction.objects.create(
        page=condition_page, restriction_type="password", password="secret"
    )
    for _ in range(2):
        response = client.get(condition_page.url)
        assert "Bone metastases" not in response.text
        assert 'name="password"' in response.text
