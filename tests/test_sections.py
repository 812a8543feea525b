"""Sections of an article: each section block names its schema.org health aspect in
both APIs and in the JSON-LD, and `?sections=` gives apps only the blocks they ask for."""

import json

import pytest
from bs4 import BeautifulSoup

from tests.factories.conditions import ConditionPageFactory

V3_ASPECTS = {
    "section": "OverviewHealthAspect",
    "symptoms": "SymptomsHealthAspect",
    "diagnosis": "ScreeningHealthAspect",
    "treatment": "TreatmentsHealthAspect",
    "prognosis": "PrognosisHealthAspect",
}


def v3(page, query=""):
    return f"/api/v3/pages/{page.pk}/{query}"


def v2(page, query=""):
    return f"/api/v2/pages/{page.pk}/{query}"


def aspects(body):
    return {item["type"]: item["value"].get("health_aspect") for item in body}


@pytest.mark.parametrize("url", [v3, v2])
def test_each_section_block_names_its_health_aspect(client, condition_page, url):
    body = client.get(url(condition_page)).json()["body"]

    assert aspects(body) == {
        **V3_ASPECTS,
        # Not sections of health content, or no schema.org aspect fits them.
        "callout": None,
        "faq": None,
        "references": None,
        "call_to_action": None,
    }


@pytest.mark.parametrize("url", [v3, v2])
def test_sections_parameter_returns_only_those_blocks_in_page_order(client, condition_page, url):
    whole = client.get(url(condition_page)).json()
    response = client.get(url(condition_page, "?sections=treatment,symptoms"))

    assert response.status_code == 200
    article = response.json()
    assert [item["type"] for item in article["body"]] == ["symptoms", "treatment"]
    assert article["body"] == [
        item for item in whole["body"] if item["type"] in ("symptoms", "treatment")
    ]
    assert article["title"] == whole["title"]
    assert article["summary"] == whole["summary"]


def test_sections_parameter_can_ask_for_a_block_the_page_lacks(client, condition_page):
    response = client.get(v3(condition_page, "?sections=image"))
    assert response.status_code == 200
    assert response.json()["body"] == []


@pytest.mark.parametrize(
    "query",
    [
        "?sections=symptoms,causes",
        "?sections=",
        "?sections=symptoms,",
        "?sections=symptoms, treatment",
    ],
)
def test_unknown_section_is_a_400_naming_the_parameter_and_allowed_values(
    client, condition_page, query
):
    response = client.get(v3(condition_page, query))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    detail = response.json()["detail"]
    assert detail.startswith("sections:")
    assert "allowed: symptoms, diagnosis, treatment, prognosis" in detail

    response = client.get(v2(condition_page, query))
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("sections:")
    assert "allowed: symptoms, diagnosis, treatment, prognosis" in message


def test_cached_detail_keeps_each_selection_apart(client, condition_page):
    whole = client.get(v3(condition_page)).json()
    symptoms = client.get(v3(condition_page, "?sections=symptoms")).json()
    prognosis = client.get(v3(condition_page, "?sections=prognosis")).json()
    # Asked again: each from the cache, each still its own.
    assert client.get(v3(condition_page, "?sections=symptoms")).json() == symptoms
    assert client.get(v3(condition_page)).json() == whole
    assert [item["type"] for item in symptoms["body"]] == ["symptoms"]
    assert [item["type"] for item in prognosis["body"]] == ["prognosis"]
    assert len(whole["body"]) > 2


def test_cached_selection_follows_a_publish(client, condition_page):
    url = v3(condition_page, "?sections=prognosis")
    assert client.get(url).json()["body"][0]["value"]["heading"] == "Outlook"

    page = condition_page.get_latest_revision_as_object()
    page.body[4].value["heading"] = "What to expect"
    page.save_revision().publish()

    assert client.get(url).json()["body"][0]["value"]["heading"] == "What to expect"


@pytest.mark.parametrize("url", [v3, v2])
def test_sections_of_a_draft_are_not_served(client, condition_index, url):
    draft = ConditionPageFactory(parent=condition_index, live=False)
    assert client.get(url(draft, "?sections=symptoms")).status_code == 404


def test_openapi_documents_sections_and_the_typed_aspect(client, db):
    openapi = client.get("/api/v3/openapi.json").json()
    detail = openapi["paths"]["/api/v3/pages/{page_id}/"]["get"]
    [parameter] = [p for p in detail["parameters"] if p["name"] == "sections"]
    assert parameter["in"] == "query"
    assert "symptoms" in parameter["description"]

    schemas = openapi["components"]["schemas"]
    read = schemas["SymptomsBlockValue"]
    assert read["properties"]["health_aspect"]["const"] == "SymptomsHealthAspect"
    assert "health_aspect" in read["required"]
    # Discriminated on `type`, with or without the aspect.
    assert "discriminator" in json.dumps(schemas["ConditionPageSchema"]["properties"]["body"])
    write = schemas["SymptomsBlockInput"]
    assert "health_aspect" not in write.get("required", [])
    assert "Read-only" in json.dumps(write["properties"]["health_aspect"])
    assert "health_aspect" not in schemas["FAQBlockValue"]["properties"]


@pytest.fixture
def editor_token(api_token, condition_page):
    return api_token("editor", group="Editors")


def patch_body(client, page, token, body):
    return client.patch(
        v3(page),
        data=json.dumps({"body": body}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_aspect_read_is_accepted_back_and_not_stored(client, condition_page, editor_token):
    body = client.get(v3(condition_page)).json()["body"]
    assert patch_body(client, condition_page, editor_token, body).status_code == 200

    condition_page.refresh_from_db()
    stored = condition_page.get_latest_revision().content["body"]
    stored = json.loads(stored) if isinstance(stored, str) else stored
    assert [item["type"] for item in stored] == [item["type"] for item in body]
    assert all("health_aspect" not in item["value"] for item in stored)


def test_a_wrong_aspect_is_a_422_with_its_path(client, condition_page, editor_token):
    body = client.get(v3(condition_page)).json()["body"]
    body[1]["value"]["health_aspect"] = "TreatmentsHealthAspect"  # on the symptoms block

    response = patch_body(client, condition_page, editor_token, body)
    assert response.status_code == 422
    assert "body[1].value.health_aspect" in {e["path"] for e in response.json()["errors"]}


def test_json_ld_lists_each_section_as_a_part_with_its_aspect(client, condition_page):
    soup = BeautifulSoup(client.get(condition_page.url).content, "html.parser")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    url = data["url"]

    assert data["about"]["@id"] == f"{url}#condition"
    parts = data["hasPart"]
    assert [part["hasHealthAspect"] for part in parts] == [
        f"https://schema.org/{aspect}" for aspect in V3_ASPECTS.values()
    ]
    symptoms = parts[1]
    assert symptoms["@type"] == "HealthTopicContent"
    assert symptoms["name"] == "Symptoms"
    assert symptoms["url"] == f"{url}#symptoms"
    assert symptoms["about"] == {"@id": f"{url}#condition"}
    # Each part's anchor is a section on the page.
    for part in parts:
        assert soup.find(id=part["url"].rpartition("#")[2]) is not None
