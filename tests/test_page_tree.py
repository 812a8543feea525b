"""Editors cannot put pages in the wrong place in the tree."""

import pytest

from wagtail.models import Page

from condition_pages.models import ConditionIndexPage, ConditionPage
from home.models import HomePage


def test_condition_pages_live_only_under_the_condition_index(home_page, condition_index):
    assert ConditionPage.can_create_at(condition_index)
    assert not ConditionPage.can_create_at(home_page)
    assert not ConditionPage.can_create_at(Page.get_first_root_node())


def test_condition_index_lives_only_under_the_home_page(home_page, condition_page):
    assert not ConditionIndexPage.can_create_at(home_page)  # max_count=1: one index already
    assert not ConditionIndexPage.can_create_at(condition_page)
    assert not HomePage.can_create_at(home_page)


def test_condition_pages_have_no_children(condition_page):
    assert condition_page.specific_class.allowed_subpage_models() == []


@pytest.mark.parametrize(
    "model_name, parent",
    [("conditionpage", "home_page"), ("conditionindexpage", "condition_page")],
)
def test_admin_refuses_to_add_a_page_in_the_wrong_place(
    admin_client, request, condition_page, model_name, parent
):
    parent_page = request.getfixturevalue(parent)
    url = f"/admin/pages/add/condition_pages/{model_name}/{parent_page.pk}/"
    # Wagtail's admin answers a refused permission by going back to the dashboard.
    assert admin_client.get(url).status_code == 302
    assert admin_client.post(url, {"title": "Misplaced", "slug": "misplaced"}).status_code == 302
    assert not Page.objects.filter(slug="misplaced").exists()


def test_admin_offers_condition_page_under_the_index(admin_client, condition_index):
    response = admin_client.get(f"/admin/pages/{condition_index.pk}/add_subpage/")
    # Only one allowed type, so Wagtail goes straight to its create form.
    assert response.status_code == 302
    assert response.url.endswith(f"/add/condition_pages/conditionpage/{condition_index.pk}/")
