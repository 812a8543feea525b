"""HTTP behaviour apps rely on: CORS for configured origins only, and caching headers
that let clients revalidate cheaply without ever missing a publish."""

import pytest

ALLOWED = "https://app.example.org"


@pytest.fixture(autouse=True)
def cors_origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED]


def test_configured_origin_may_read_the_api(client, condition_page):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=ALLOWED)
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_preflight_from_configured_origin_is_answered(client, condition_page):
    response = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN=ALLOWED,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED


def test_a_browser_app_may_send_an_idempotency_key_and_read_the_headers_it_acts_on(
    client, condition_page
):
    preflight = client.options(
        "/api/v3/appointments/",
        HTTP_ORIGIN=ALLOWED,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, idempotency-key",
    )
    allowed = {name.strip() for name in preflight["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "idempotency-key"} <= allowed

    response = client.post("/api/v3/appointments/", HTTP_ORIGIN=ALLOWED)
    exposed = {name.strip() for name in response["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Retry-After", "Idempotent-Replayed", "WWW-Authenticate"} <= exposed


def test_other_origins_get_no_cors_grant(client, condition_page):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in response


def test_html_pages_get_no_cors_grant(client, condition_page):
    response = client.get(condition_page.url, HTTP_ORIGIN=ALLOWED)
    assert "Access-Control-Allow-Origin" not in response


def test_anonymous_reads_are_public_and_revalidated(client, condition_page, settings):
    response = client.get(f"/api/v2/pages/{condition_page.pk}/")
    # Browsers revalidate every time; a shared cache keeps it until a publish purges it.
    assert set(response["Cache-Control"].split(", ")) == {
        "public",
        "max-age=0",
        f"s-maxage={settings.HTTP_CACHE_SHARED_MAX_AGE}",
    }
    assert "Authorization" in response["Vary"]
    assert response["ETag"]


def test_unchanged_resource_answers_304_even_cross_origin(client, condition_page):
    url = f"/api/v2/pages/{condition_page.pk}/"
    etag = client.get(url)["ETag"]

    response = client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_ORIGIN=ALLOWED)
    assert response.status_code == 304
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == ALLOWED


def test_a_publish_makes_the_next_response_fresh(client, condition_page):
    url = f"/api/v2/pages/{condition_page.pk}/"
    etag = client.get(url)["ETag"]

    condition_page.summary = "A reviewed summary."
    condition_page.save_revision().publish()

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["summary"] == "A reviewed summary."
    assert response["ETag"] != etag


def test_listing_is_revalidated_after_a_publish(client, condition_page, make_condition):
    url = "/api/v2/pages/?type=condition_pages.ConditionPage"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    make_condition(title="New condition").save_revision().publish()

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_reads_with_credentials_are_never_stored(client, condition_page):
    response = client.get(
        f"/api/v2/pages/{condition_page.pk}/", HTTP_AUTHORIZATION="Bearer something"
    )
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
