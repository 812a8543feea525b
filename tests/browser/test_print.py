"""What a patient gets on paper when they print an article to take to clinic."""

import pytest
from playwright.sync_api import expect

from tests.servers import sqlite_run_only

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # What the browser renders, whatever the database: CI's SQLite run only.
    sqlite_run_only("checks the printed layout"),
]


def test_printed_article_keeps_the_content_and_drops_the_site_around_it(site_url, new_page):
    page = new_page("desktop")
    page.goto(f"{site_url}/conditions/anaemia/")  # its body has one block of each type
    answer = page.locator("section.block--faq details p")
    expect(answer).to_be_hidden()  # on screen, an answer opens with its question

    page.emulate_media(media="print")

    expect(page.locator("h1")).to_have_text("Anaemia")
    expect(answer).to_be_visible()
    for chrome in ["header.site-header", "footer.site-footer", "nav.breadcrumbs", "aside.cta"]:
        expect(page.locator(chrome)).to_be_hidden()
    reference = page.locator("section.block--references a")
    assert reference.evaluate("a => getComputedStyle(a, '::after').content") == (
        '" (https://example.org/ref)"'
    )
