"""A call to action that leads to the appointment form comes with the article's
condition chosen (`?condition=<slug>`) on the site and in both APIs; written back
through API v3, that query is not stored, so a round trip changes nothing."""

import json

import pytest
from bs4 import BeautifulSoup

from condition_pages.models import ConditionPage
from tests.factories.conditions import CallToActionFactory, stream

FORM = "/appointments/"
CHOSEN = "/appointments/?condition=bone-metastases"


@pytest.fixture
def article(condition_page):
    """The article with a call to action of its own and a reusable one, both leading
    to the appointment form, and one that dials a phone number."""
    snippet = CallToActionFactory(link_url=FORM, link_phone="")
    condition_page.body = stream(
        "call_to_action",
        "reusable_call_to_action",
        "call_to_action",
        **{
            "0__call_to_action__link__url": FORM,
            "0__call_to_action__link__phone": "",
            "1__reusable_call_to_action__snippet": snippet,
            # As a write stores a number (spaces dropped), so a round trip keeps it.
            "2__call_to_action__link__phone": "+912212345678",
        },
    )
    condition_page.save_revision().publish()
    return condition_page


def links(body):
    return [item["value"]["link"]["href"] for item in body]


def test_the_page_links_the_appointment_form_with_its_condition(client, article):
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    hrefs = [button["href"] for button in soup.select("aside.cta a.button")]
    assert hrefs == [CHOSEN, CHOSEN, "tel:+912212345678"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/{id}/",
        "/api/v2/pages/?type=condition_pages.ConditionPage&fields=body",
        "/api/v3/pages/{id}/",
    ],
)
def test_both_apis_link_the_appointment_form_with_the_condition_as_the_page_does(
    client, article, url
):
    response = client.get(url.format(id=article.pk))
    assert response.status_code == 200, response.content
    data = response.json()
    body = data["items"][0]["body"] if "items" in data else data["body"]

    chosen = f"http://testserver{CHOSEN}"
    assert links(body) == [chosen, chosen, "tel:+912212345678"]


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_read_article_sent_back_stores_the_link_without_the_condition(
    client, article, api_token, method
):
    token = api_token("editor", group="Editors")
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v3/pages/{article.pk}/"
    before = client.get(url, headers=headers).json()
    stored_before = article.get_latest_revision().content["body"]

    response = getattr(client, method)(
        url, data=json.dumps(before), content_type="application/json", headers=headers
    )
    assert response.status_code == 200, response.content

    draft = ConditionPage.objects.get(pk=article.pk).get_latest_revision()
    assert draft.content["body"] == stored_before
    assert draft.as_object().body[0].value["link"]["url"] == FORM
    after = client.get(f"{url}?version=draft", headers=headers).json()
    assert after["body"] == before["body"]


def test_an_app_may_write_the_link_as_the_page_shows_it(client, article, api_token):
    """A relative link with the query, as the HTML has it, is stored without it."""
    token = api_token("editor", group="Editors")
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v3/pages/{article.pk}/"
    body = client.get(url, headers=headers).json()["body"]
    body[2]["value"]["link"] = {"type": "url", "href": CHOSEN}

    response = client.patch(
        url, data=json.dumps({"body": body}), content_type="application/json", headers=headers
    )
    assert response.status_code == 200, response.content

    draft = ConditionPage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert draft.body[2].value["link"]["url"] == FORM


def test_a_translated_article_links_the_form_with_its_condition_in_html_and_apis(
    client, article, translate
):
    """Whether its call to action links the English form or the Hindi one."""
    hindi = translate(article, "hi", title="हड्डी मेटास्टेसिस")
    hindi.body[2].value["link"]["url"] = "/hi/appointments/"
    hindi.body[2].value["link"]["phone"] = ""
    hindi.save_revision().publish()
    expected = [CHOSEN, CHOSEN, "/hi/appointments/?condition=bone-metastases"]

    soup = BeautifulSoup(client.get(hindi.url).content, "html.parser")
    assert [button["href"] for button in soup.select("aside.cta a.button")] == expected
    for url in (f"/api/v2/pages/{hindi.pk}/", f"/api/v3/pages/{hindi.pk}/"):
        assert links(client.get(url).json()["body"]) == [
            f"http://testserver{href}" for href in expected
        ]
