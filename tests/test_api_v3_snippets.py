"""Apps list the specialties (to offer the filter) and the reusable calls to action
through API v3's snippet endpoints, with the token of a user who has the snippet's
permissions; writes go through the admin's form and its rules."""

import json

import pytest

from django.contrib.auth import get_user_model

from condition_pages.models import CallToAction, Specialty
from tests.factories.conditions import SpecialtyFactory


@pytest.fixture
def token(api_token):
    """A user with every permission, the snippets' included."""
    made = api_token("admin")
    get_user_model().objects.filter(username="admin").update(is_superuser=True)
    return made


def call(client, token, method, url, body=None):
    return client.generic(
        method,
        url,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_an_app_lists_specialties_and_calls_to_action(client, token):
    SpecialtyFactory(name="Orthopaedic oncology", slug="orthopaedic-oncology")
    CallToAction.objects.create(headline="Book a second opinion", link_phone="+91 22 1234 5678")

    specialties = call(client, token, "GET", "/api/v3/snippets/condition_pages.Specialty/")
    actions = call(client, token, "GET", "/api/v3/snippets/condition_pages.CallToAction/")

    assert specialties.status_code == 200, specialties.content
    assert [(item["name"], item["slug"]) for item in specialties.json()["items"]] == [
        ("Orthopaedic oncology", "orthopaedic-oncology")
    ]
    assert actions.status_code == 200, actions.content
    [action] = actions.json()["items"]
    assert (action["headline"], action["link_phone"]) == (
        "Book a second opinion",
        "+91 22 1234 5678",
    )


@pytest.mark.parametrize(
    "model, body, paths",
    [
        ("Specialty", {}, {"name", "slug"}),
        ("CallToAction", {}, {"headline"}),
        (
            "CallToAction",
            {
                "headline": "Call us",
                "link_url": "https://example.org/",
                "link_phone": "022 1234 5678",
            },
            {"link_url", "link_phone"},
        ),
    ],
)
def test_a_snippet_written_by_api_is_checked_by_the_admins_form(client, token, model, body, paths):
    response = call(client, token, "POST", f"/api/v3/snippets/condition_pages.{model}/", body)

    assert response.status_code == 422, response.content
    assert paths <= {error["path"] for error in response.json()["errors"]}
    assert not Specialty.objects.exists() and not CallToAction.objects.exists()


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize("key", ["conditions", "1.5", "-1", "%E0%A4%95"])
def test_a_snippet_key_that_is_not_a_number_names_no_snippet(client, token, method, key):
    """Found by the snippet read fuzzer: Wagtail looked the key up unchecked (a 500)."""
    SpecialtyFactory(name="Oncology", slug="oncology")

    response = call(client, token, method, f"/api/v3/snippets/condition_pages.Specialty/{key}/", {})

    assert response.status_code == 404, response.content
    assert response["Content-Type"] == "application/problem+json"
