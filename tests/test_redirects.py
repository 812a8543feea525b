"""Old addresses lead to a page's new one only when the visitor may see that page:
for a draft, an expired or a private page an old path is simply not found, so its new
address (slug) stays unknown; apps list and look up redirects with a token."""

import pytest

from django.test import Client

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction


@pytest.fixture
def moved(condition_page):
    """The article was renamed; its old address redirects to it."""
    condition_page.slug = "secondary-bone-cancer"
    condition_page.save_revision().publish()
    return Redirect.objects.create(old_path="/conditions/bone-mets", redirect_page=condition_page)


def test_an_old_address_of_a_visible_page_redirects(client, moved):
    response = client.get("/conditions/bone-mets/")

    assert response.status_code == 301
    assert response["Location"].endswith("/conditions/secondary-bone-cancer/")


@pytest.mark.parametrize("hidden_by", ["unpublishing", "a login restriction"])
def test_an_old_address_of_a_hidden_page_is_not_found(client, moved, condition_page, hidden_by):
    if hidden_by == "unpublishing":
        condition_page.unpublish()
    else:
        PageViewRestriction.objects.create(page=condition_page, restriction_type="login")

    response = client.get("/conditions/bone-mets/")

    assert response.status_code == 404
    assert "secondary-bone-cancer" not in response.text


def test_a_signed_in_editor_still_follows_it(editor_client, moved, condition_page):
    condition_page.unpublish()

    assert editor_client.get("/conditions/bone-mets/").status_code == 301


@pytest.mark.parametrize(
    "url", ["/api/v3/redirects/", "/api/v3/redirects/find/?html_path=/conditions/bone-mets"]
)
def test_redirects_are_listed_only_with_a_token(moved, api_token, url):
    anonymous = Client().get(url)
    assert anonymous.status_code == 401
    assert "secondary-bone-cancer" not in anonymous.text

    token = api_token("app")
    with_token = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}", follow=True)
    assert with_token.status_code == 200
    assert with_token.json()
