"""A patient looking for bone metastases, in a real browser: through the A–Z index,
through search, and with JavaScript turned off."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTICLE = re.compile(r"/conditions/bone-metastases/$")


def test_patient_reaches_bone_metastases_through_the_a_to_z_index(site_url, new_page, screenshot):
    page = new_page("phone")
    page.goto(site_url)
    expect(page.locator("h1")).to_have_text("Information about the conditions we treat")

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Conditions A to Z"
    ).click()
    expect(page.locator("h1")).to_have_text("Conditions A to Z")
    page.get_by_role("navigation", name="Conditions by letter").get_by_role(
        "link", name="B", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/conditions/#letter-b$"))
    letter_b = page.locator("#letter-b")
    expect(letter_b.locator(".az-entry--other-name", has_text="Bone mets")).to_contain_text(
        "see Bone metastases"
    )
    screenshot(page, "journey-phone-a-to-z")

    # The name a patient knows it by leads to the article.
    letter_b.get_by_role("link", name="Bone mets", exact=True).click()
    expect(page).to_have_url(ARTICLE)
    expect(page.locator("h1")).to_have_text("Bone metastases")


def test_patient_reaches_bone_metastases_by_searching_for_bone_mets(site_url, new_page, screenshot):
    page = new_page("desktop")
    page.goto(site_url)

    search = page.get_by_role("search", name="Site")
    search.get_by_role("searchbox", name="Search for a condition, symptom or treatment").fill(
        "bone mets"
    )
    search.get_by_role("searchbox").press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=bone\+mets$"))
    expect(page.locator("#results-heading")).to_have_text("1 result for “bone mets”")
    screenshot(page, "journey-desktop-search")
    page.locator("section.results").get_by_role("link", name="Bone metastases").click()
    expect(page).to_have_url(ARTICLE)
    expect(page.locator("h1")).to_have_text("Bone metastases")


def test_specialty_filter_works_without_javascript(site_url, new_page):
    page = new_page("phone", java_script_enabled=False)
    page.goto(f"{site_url}/conditions/")

    page.get_by_label("Show conditions treated by").select_option(label="Orthopaedic oncology")
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(r"/conditions/\?specialty=orthopaedic-oncology$"))
    expect(page.locator("a.az-entry__link")).to_have_text(
        [
            "Bone metastases",
            "Bone metastasis",
            "Bone mets",
            "Metastatic bone disease",
            "Secondary bone cancer",
        ]
    )


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(site_url, new_page):
    page = new_page("phone")
    page.goto(f"{site_url}/conditions/bone-metastases/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # it shows itself when focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is inside the article, not back in the header.
    assert page.evaluate("document.activeElement.closest('main') !== null")
