"""WCAG 2.2 1.4.10 Reflow in Chromium: no kind of public page scrolls sideways, nor cuts
off a control or a line of text, on a 320 px phone, a 375 px phone or a desktop window
at 200 % zoom; with the longest words a page may carry (a long English compound, a
Devanagari one as Hindi and Marathi pages will have, a long URL), a table and code."""

import re

import pytest
from playwright.sync_api import expect

from condition_pages.models import ConditionIndexPage, ConditionPage
from home.models import FeaturedCondition, HomePage
from tests.factories.conditions import ConditionPageFactory, rich_text, stream
from tests.servers import sqlite_run_only

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # What the browser renders, whatever the database: CI's SQLite run only.
    sqlite_run_only("checks the layout as rendered"),
]

# A 1280 × 900 window at 200 % zoom lays pages out 640 CSS px wide, twice as dense.
VIEWS = {
    "320px": {"viewport": {"width": 320, "height": 640}},
    "375px": {"viewport": {"width": 375, "height": 812}},
    "200%-zoom": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}
LONG_WORD = "Bisphosphonateassociatedosteonecrosisofthemandibleandmaxilla"
DEVANAGARI_WORD = "अस्थिमेटास्टेसिसउपचारविशेषज्ञसल्लामसलतकेंद्र"
LONG_URL = "https://www.example.org/" + "a-very-long-path-segment-" * 6 + "end"
STRESS_BODY = f"""<p>{LONG_WORD} and {DEVANAGARI_WORD}, see {LONG_URL}.</p>
<p>Dose: <code>zoledronic_acid_4mg_intravenous_every_twelve_weeks_for_two_years</code></p>
<pre>calcium_corrected = calcium_measured + 0.02 * (40 - albumin_g_per_litre)  # mmol/L</pre>
<table><thead><tr><th>Medicine</th><th>Dose</th><th>How often</th><th>For how long</th>
<th>{LONG_WORD}</th></tr></thead><tbody><tr><td>Zoledronic acid</td><td>4 mg</td>
<td>Every 12 weeks</td><td>Two years</td><td>{DEVANAGARI_WORD}</td></tr></tbody></table>"""

# What a page reaches beyond the viewport's edges: its width, and any visible control
# or text whose box sticks out (hidden honeypot and visually hidden text aside).
OVERFLOW = """() => {
    const width = window.innerWidth;
    const cut = [...document.querySelectorAll(
        "a[href], button, input:not([type=hidden]), select, textarea, summary, " +
        "h1, h2, h3, p, li, dt, dd, th, td, pre, code, label, legend")]
        .filter((el) => !el.closest("[aria-hidden=true], .visually-hidden, .skip-link"))
        .filter((el) => el.getClientRects().length)
        .filter((el) => {
            const box = el.getBoundingClientRect();
            return box.left < -0.5 || box.right > width + 0.5;
        })
        .map((el) => `${el.tagName} ${(el.textContent || el.name || "").trim().slice(0, 40)}`);
    return {scrollWidth: document.documentElement.scrollWidth, width, cut};
}"""


@pytest.fixture
def long_words_url(site_url):
    """The sample content, plus conditions with the longest names, featured on the
    home page, one of them with a table and code in its body."""
    index = ConditionIndexPage.objects.get()
    long_one = ConditionPageFactory(
        parent=index,
        title=f"{LONG_WORD} of the jaw",
        slug="long-words",
        summary=f"{LONG_WORD} {DEVANAGARI_WORD} {LONG_URL}",
        also_known_as=f"{LONG_WORD}\n{DEVANAGARI_WORD}",
        body=stream(
            "section",
            "references",
            **{
                "0__section__body": rich_text(STRESS_BODY),
                "1__references__references__0__url": LONG_URL,
            },
        ),
    )
    devanagari = ConditionPageFactory(parent=index, title=DEVANAGARI_WORD, slug="devanagari")
    home = HomePage.objects.get()
    bone = ConditionPage.objects.get(slug="bone-metastases")
    for condition in (long_one, devanagari, bone):
        FeaturedCondition.objects.create(page=home, condition=condition)
    home.save_revision().publish()
    return site_url


PAGES = {
    "home": "/",
    "a-to-z": "/conditions/",
    "letter": "/conditions/letter/b/",
    "other-letter": "/conditions/letter/other/",
    "specialty": "/conditions/?specialty=haematology",
    "article": "/conditions/bone-metastases/",
    "long-words-article": "/conditions/long-words/",
    "search": "/search/?q=bone",
    "search-long-word": f"/search/?q={LONG_WORD}",
    "no-results": "/search/?q=metast",
    "appointment": "/appointments/?condition=bone-metastases",
    "appointment-sent": "/appointments/thanks/",
    "not-found": "/no-such-page/",
}


def assert_reflows(page, name):
    found = page.evaluate(OVERFLOW)
    assert found["scrollWidth"] <= found["width"], f"{name} is {found['scrollWidth']} px wide"
    assert found["cut"] == [], f"{name}: cut off at the edge"


@pytest.mark.parametrize("view", VIEWS)
def test_no_page_scrolls_sideways(long_words_url, chromium, screenshot, view):
    context = chromium.new_context(**VIEWS[view])
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        for name, path in PAGES.items():
            response = page.goto(long_words_url + path)
            assert response.status == (404 if name == "not-found" else 200), name
            assert_reflows(page, name)
        screenshot(page, f"reflow-{view}-not-found")
        # The header's search button keeps its word on one line (44 px high), not "Sear/ch".
        assert page.locator(".site-search__button").bounding_box()["height"] < 50

        # The form sent back with errors: the error summary and each message fit too.
        page.goto(long_words_url + "/appointments/")
        page.get_by_label("Phone number").fill("call me")
        page.get_by_label("Which condition is this about?").fill(LONG_WORD)
        page.get_by_role("button", name="Send request").click()
        expect(page.locator(".error-summary")).to_be_visible()
        expect(page).to_have_title(re.compile("^Error: "))
        assert_reflows(page, "appointment-errors")
        screenshot(page, f"reflow-{view}-appointment-errors")

        page.goto(long_words_url + "/conditions/long-words/")
        screenshot(page, f"reflow-{view}-long-words")
    finally:
        context.close()
