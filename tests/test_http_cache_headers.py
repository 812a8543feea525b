"""What the app tells shared caches: anonymous pages and API reads are public for a
while, anything personal, private or unpublished is never stored. (Varnish itself in
front of a live server: test_http_cache_varnish.py.)"""

import pytest

from wagtail.models import PageViewRestriction

from publishing.cache_purge import urls_showing


def directives(response):
    return set(response["Cache-Control"].split(", "))


@pytest.fixture
def shared(settings):
    return {
        "public",
        f"max-age={settings.HTTP_CACHE_BROWSER_MAX_AGE}",
        f"s-maxage={settings.HTTP_CACHE_SHARED_MAX_AGE}",
    }


@pytest.mark.parametrize(
    "url", ["/", "/conditions/", "/conditions/bone-metastases/", "/sitemap.xml", "/robots.txt"]
)
def test_anonymous_public_pages_are_shared(client, condition_page, shared, url):
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response) == shared
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/",
        "/api/v2/pages/{pk}/",
        "/api/v3/pages/{pk}/",
        "/api/v3/conditions/",
    ],
)
def test_anonymous_api_reads_are_shared_and_revalidated_by_browsers(
    client, condition_page, settings, url
):
    response = client.get(url.format(pk=condition_page.pk))
    assert directives(response) == {
        "public",
        "max-age=0",
        f"s-maxage={settings.HTTP_CACHE_SHARED_MAX_AGE}",
    }
    assert "Authorization" in response["Vary"]
    assert response["ETag"]


def test_shared_lifetimes_come_from_settings(client, condition_page, settings):
    settings.HTTP_CACHE_SHARED_MAX_AGE = 86400
    settings.HTTP_CACHE_BROWSER_MAX_AGE = 5
    response = client.get(condition_page.url)
    assert directives(response) == {"public", "max-age=5", "s-maxage=86400"}


def test_signed_in_editor_gets_a_private_answer(editor_client, condition_page):
    response = editor_client.get(condition_page.url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_api_read_with_credentials_is_never_stored(client, condition_page):
    response = client.get(
        f"/api/v3/pages/{condition_page.pk}/", headers={"Authorization": "Bearer unknown"}
    )
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.parametrize("url", ["/search/?q=bone", "/appointments/", "/admin/login/"])
def test_search_forms_and_admin_are_never_stored(client, condition_page, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in directives(response)
    assert "public" not in directives(response)


def test_draft_404_is_never_stored(client, make_condition):
    make_condition(title="Draft", slug="draft", live=False)
    response = client.get("/conditions/draft/")
    assert response.status_code == 404
    assert {"private", "no-store"} <= directives(response)


def test_unknown_api_page_is_never_stored(client, condition_page):
    response = client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert {"private", "no-store"} <= directives(response)


def test_password_protected_page_is_never_stored(client, condition_page):
    PageViewRestriction.objects.create(
        page=condition_page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    client.cookies["csrftoken"] = "a" * 32  # so that the form sets no cookie of its own
    response = client.get(condition_page.url)
    assert b"s3cret" not in response.content
    assert "no-store" in directives(response)
    assert "public" not in directives(response)


def test_login_restricted_page_is_never_stored(client, condition_page):
    PageViewRestriction.objects.create(
        page=condition_page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(condition_page.url)
    assert response.status_code == 302
    assert {"private", "no-store"} <= directives(response)


def test_a_change_to_a_condition_purges_every_letter_page_of_the_a_to_z(condition_page):
    index_url = condition_page.get_parent().full_url
    urls = urls_showing(condition_page)
    assert f"{index_url}letter/b/" in urls
    assert f"{index_url}letter/other/" in urls
