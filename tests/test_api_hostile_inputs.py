"""Hostile query values on every endpoint of both APIs: each is refused at the boundary
with a 400 and a JSON reason, never a database error (PostgreSQL refuses NUL bytes
in text) or the site's HTML error page."""

import pytest

from django.test import override_settings
from django.urls import path

from site_config import urls as site_urls

V2_LISTINGS = ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"]
V3_LISTINGS = ["/api/v3/pages/", "/api/v3/images/", "/api/v3/documents/", "/api/v3/conditions/"]
HUGE = "x" * 5000

# (endpoint, query) pairs: every listing gets every generic hostile value.
GENERIC = [
    "search=%00",
    "search=bone%00mets",
    f"search={HUGE}",
    "locale=%00",
    "type=%00",
    "fields=%00",
    "order=%00",
    "%00=1",
]
V2_CASES = [
    *[(endpoint, query) for endpoint in V2_LISTINGS for query in GENERIC],
    *[(endpoint, "search=x&search_operator=xor") for endpoint in V2_LISTINGS],
    ("/api/v2/pages/", "child_of=%00"),
    ("/api/v2/pages/", "html_path=%00"),
    ("/api/v2/pages/find/", "html_path=%00"),
    ("/api/v2/pages/find/", "id=root"),
    ("/api/v2/pages/find/", "id=%00"),
    ("/api/v2/pages/find/", f"html_path=/{HUGE}/"),
    ("/api/v2/pages/find/", "id=99999999999999999999999"),
    ("/api/v2/pages/{page}/", "fields=%00"),
    ("/api/v2/page_preview/", "token=%00"),
]
V3_CASES = [
    *[(endpoint, query) for endpoint in V3_LISTINGS for query in GENERIC],
    ("/api/v3/conditions/", "specialty=%00"),
    ("/api/v3/conditions/", f"specialty={HUGE}"),
    ("/api/v3/pages/", "search=x&search_operator=xor"),
    ("/api/v3/pages/find/", "html_path=%00"),
    ("/api/v3/pages/find/", "html_path=/x/&locale=%00"),
    ("/api/v3/pages/find/", f"html_path=/{HUGE}/"),
    ("/api/v3/pages/{page}/", "locale=%00"),
    # Beyond 2**64: SQLite calls it a datatype mismatch, PostgreSQL out of range.
    *[(endpoint, "offset=56795042328241610752") for endpoint in V3_LISTINGS],
    # Digits that are not ASCII ("³" is a digit to str.isdigit(), not to int()).
    *[(endpoint, "offset=%C2%B3") for endpoint in V3_LISTINGS],
    ("/api/v3/conditions/", "code=%C2%B3"),
]


@pytest.mark.parametrize("endpoint, query", V2_CASES)
def test_api_v2_refuses_hostile_values_with_a_reason(client, condition_page, endpoint, query):
    response = client.get(endpoint.format(page=condition_page.pk) + "?" + query)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]


@pytest.mark.parametrize("endpoint, query", V3_CASES)
def test_api_v3_refuses_hostile_values_with_a_reason(client, condition_page, endpoint, query):
    response = client.get(endpoint.format(page=condition_page.pk) + "?" + query)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["detail"]


@pytest.mark.parametrize("endpoint", V2_LISTINGS + V3_LISTINGS)
def test_api_search_with_ordinary_words_still_answers(client, condition_page, endpoint):
    response = client.get(endpoint + "?search=bone+metastases")
    assert response.status_code == 200


def test_api_v2_tree_filters_still_take_root(client, condition_page):
    assert client.get("/api/v2/pages/?child_of=root").status_code == 200


def failing_view(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("api/v2/broken/", failing_view),
    path("api/v3/broken/", failing_view),
    path("broken/", failing_view),
    *site_urls.urlpatterns,
]
handler500 = site_urls.handler500


@pytest.fixture
def client_seeing_500s(client):
    client.raise_request_exception = False
    return client


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/api/v2/broken/", "/api/v3/broken/"])
def test_api_server_error_is_problem_json(client_seeing_500s, db, url):
    response = client_seeing_500s.get(url)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 500
    assert b"<html" not in response.content


@override_settings(ROOT_URLCONF=__name__)
def test_site_server_error_is_the_html_page(client_seeing_500s, db):
    response = client_seeing_500s.get("/broken/")
    assert response.status_code == 500
    assert b"<html" in response.content


NESTED = "[" * 1000 + "]" * 1000


@pytest.mark.parametrize(
    "method, url",
    [
        ("POST", "/api/v3/pages/"),
        ("PATCH", "/api/v3/pages/{page}/"),
        ("PUT", "/api/v3/pages/{page}/"),
        ("POST", "/api/v3/appointments/"),
    ],
)
def test_json_nested_a_thousand_deep_is_a_400(client, condition_page, api_token, method, url):
    token = api_token("editor", group="Editors")
    body = f'{{"title": "x", "body": [{{"type": "faq", "value": {NESTED}}}]}}'
    response = client.generic(
        method,
        url.format(page=condition_page.pk),
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "nests deeper than 32 levels" in response.json()["detail"]


NOT_OBJECTS = ["[]", "1", '"s"', "null", "true", '[{"title": "x"}]']
WRITES = [
    ("POST", "/api/v3/pages/"),
    ("PATCH", "/api/v3/pages/{page}/"),
    ("PUT", "/api/v3/pages/{page}/"),
    ("POST", "/api/v3/pages/{page}/actions/move/"),
    ("PATCH", "/api/v3/images/{image}/"),
    ("POST", "/api/v3/appointments/"),
]


@pytest.mark.parametrize("method, url", WRITES)
def test_a_json_body_that_is_not_an_object_is_a_400(client, api_objects, api_token, method, url):
    token = api_token("editor", group="Editors")
    for body in NOT_OBJECTS:
        response = client.generic(
            method,
            url.format(**api_objects),
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 400, (body, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == "the body must be a JSON object"


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("GET", "/api/v3/no-such-thing/", 404),
        ("GET", "/api/v3/pages/1/no-such-thing/", 404),
        ("GET", "/api/no-such-version/", 404),
        ("DELETE", "/api/v3/conditions/", 405),
        ("POST", "/api/v3/changes/", 405),
    ],
)
def test_unknown_api_paths_and_methods_answer_problem_json(client, db, method, url, status):
    response = client.generic(method, url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status
    if status == 405:
        assert "GET" in response["Allow"]


def test_an_unknown_api_v2_path_answers_json(client, db):
    response = client.get("/api/v2/no-such-thing/")

    assert response.status_code == 404
    assert response.json()["message"]


@pytest.mark.parametrize("since", ["abc", "-1", "1.5", "１２"])
def test_a_malformed_feed_cursor_is_a_400_naming_since(client, db, since):
    response = client.get("/api/v3/changes/", {"since": since})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("since: ")
    assert "invalid literal" not in response.json()["detail"]
