"""Reusable calls to action: written once as a snippet, chosen on condition pages,
shown like a call_to_action block and typed in both APIs, with the block's rules for
links (never to a draft or private page)."""

import jsonschema
import pytest
from bs4 import BeautifulSoup

from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import streamfield

from condition_pages.models import CallToAction
from tests.admin_pages import condition_form
from tests.factories.conditions import CallToActionFactory, stream


@pytest.fixture
def snippet(db):
    return CallToActionFactory(
        headline="Second opinions within a week",
        text="Bring your scans.",
        button_label="Ask for one",
        link_phone="+91 22 1234 5678",
    )


def with_snippet(page, snippet):
    page.body = stream(
        "reusable_call_to_action", **{"0__reusable_call_to_action__snippet": snippet}
    )
    page.save_revision().publish()
    return page


def body_value(client, url):
    response = client.get(url)
    assert response.status_code == 200
    [item] = response.json()["body"]
    assert item["type"] == "reusable_call_to_action"
    return item["value"]


def test_chosen_call_to_action_shows_on_the_page(client, condition_page, snippet):
    with_snippet(condition_page, snippet)

    soup = BeautifulSoup(client.get(condition_page.url).content, "html.parser")

    cta = soup.select_one("aside.cta")
    assert cta.select_one(".cta__headline").get_text() == "Second opinions within a week"
    assert "Bring your scans." in cta.get_text()
    assert cta.select_one("a.button")["href"] == "tel:+912212345678"
    assert cta.select_one("a.button").get_text() == "Ask for one"


def test_editing_the_snippet_changes_every_page_that_uses_it(
    client, condition_page, make_condition, snippet
):
    other = with_snippet(make_condition(title="Osteosarcoma", slug="osteosarcoma"), snippet)
    with_snippet(condition_page, snippet)

    snippet.headline = "Second opinions within three days"
    snippet.save()

    for page in (condition_page, other):
        assert b"Second opinions within three days" in client.get(page.url).content


EXPECTED = {
    "headline": "Second opinions within a week",
    "text": "Bring your scans.",
    "button_label": "Ask for one",
    "link": {"type": "phone", "href": "tel:+912212345678", "page": None},
}


def test_api_v2_gives_the_call_to_action_as_typed_json(client, condition_page, snippet):
    with_snippet(condition_page, snippet)

    value = body_value(client, f"/api/v2/pages/{condition_page.pk}/")

    assert value == {"id": snippet.pk, **EXPECTED}


def test_api_v3_gives_the_call_to_action_as_its_description_says(client, condition_page, snippet):
    with_snippet(condition_page, snippet)
    openapi = client.get("/api/v3/openapi.json").json()

    value = body_value(client, f"/api/v3/pages/{condition_page.pk}/")

    assert value == {"id": snippet.pk, **EXPECTED}
    schema = openapi["components"]["schemas"]["CallToActionSnippet"]
    assert set(schema["required"]) == {"id", "headline", "text", "button_label", "link"}
    assert schema["properties"]["link"] == {"$ref": "#/components/schemas/LinkBlockValue"}
    validator = jsonschema.Draft202012Validator(
        {"$ref": "#/components/schemas/CallToActionSnippet", "components": openapi["components"]}
    )
    validator.validate(value)


def test_page_link_leads_to_the_live_page(client, condition_page, condition_index, snippet):
    snippet.link_phone, snippet.link_page = "", condition_index
    snippet.save()
    with_snippet(condition_page, snippet)

    link = body_value(client, f"/api/v3/pages/{condition_page.pk}/")["link"]

    assert link == {
        "type": "page",
        "href": "http://testserver/conditions/",
        "page": {"id": condition_index.pk, "title": condition_index.title},
    }


@pytest.mark.parametrize("hidden", ["draft", "private"])
def test_call_to_action_never_reveals_a_draft_or_private_page(
    client, condition_page, make_condition, snippet, hidden
):
    secret = make_condition(title="Secret trial", slug="secret-trial", live=hidden != "draft")
    if hidden == "private":
        PageViewRestriction.objects.create(page=secret, restriction_type="login")
    snippet.link_phone, snippet.link_page = "", secret
    snippet.save()
    with_snippet(condition_page, snippet)

    for url in (f"/api/v2/pages/{condition_page.pk}/", f"/api/v3/pages/{condition_page.pk}/"):
        assert body_value(client, url)["link"] == {"type": None, "href": "", "page": None}
    html = client.get(condition_page.url)
    assert b"Secret trial" not in html.content and b"/secret-trial/" not in html.content
    assert b'class="cta"' in html.content  # the box stays, without its button


def test_deleted_snippet_leaves_an_empty_place(client, condition_page, snippet):
    with_snippet(condition_page, snippet)
    snippet.delete()

    assert body_value(client, f"/api/v2/pages/{condition_page.pk}/") is None
    assert body_value(client, f"/api/v3/pages/{condition_page.pk}/") is None
    assert client.get(condition_page.url).status_code == 200


SNIPPETS = "/admin/snippets/condition_pages/calltoaction/"


def snippet_form(**overrides):
    return {
        "headline": "Call us",
        "text": "",
        "button_label": "Call",
        "link_page": "",
        "link_url": "",
        "link_phone": "",
        **overrides,
    }


@pytest.mark.parametrize(
    "link",
    [{}, {"link_url": "https://example.org/", "link_phone": "+91 22 1234 5678"}],
    ids=["none", "two"],
)
def test_editor_must_choose_exactly_one_link(editor_client, link):
    response = editor_client.post(f"{SNIPPETS}add/", snippet_form(**link))

    assert response.status_code == 200
    assert "Choose exactly one of a page, a web address or a phone number." in (
        response.content.decode()
    )
    assert not CallToAction.objects.exists()


@pytest.mark.parametrize(
    "link, message",
    [
        ({"link_url": "/bad path"}, "Enter a path on this site that starts with a single /"),
        ({"link_phone": "call us"}, "Enter a phone number of digits"),
    ],
    ids=["path", "phone"],
)
def test_a_link_error_is_shown_once(editor_client, link, message):
    response = editor_client.post(f"{SNIPPETS}add/", snippet_form(**link))

    assert response.status_code == 200
    assert response.content.decode().count(message) == 1
    assert not CallToAction.objects.exists()


def test_editor_writes_a_call_to_action(editor_client):
    response = editor_client.post(f"{SNIPPETS}add/", snippet_form(link_url="/appointments/"))

    assert response.status_code == 302
    assert CallToAction.objects.get().block_value["link"].href == "/appointments/"


def test_editor_chooses_a_call_to_action_in_the_article(editor_client, condition_page, snippet):
    form = condition_form(body=streamfield([("reusable_call_to_action", snippet.pk)]))
    form.update({"slug": condition_page.slug})
    response = editor_client.post(f"/admin/pages/{condition_page.pk}/edit/", form)

    assert response.status_code == 302
    draft = type(condition_page).objects.get(pk=condition_page.pk).get_latest_revision_as_object()
    assert draft.body[0].value == snippet
