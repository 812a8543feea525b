"""The layout every public page shares: landmarks, skip link, heading order, the
appointment call to action, the print stylesheet; and a condition page's constant cost
in queries."""

import pytest
from wagtail_factories import ImageFactory

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.conditions import ClinicianFactory, full_body

PAGES = ["/", "/conditions/", "/conditions/bone-metastases/", "/search/?q=bone", "/nowhere/"]


@pytest.fixture
def site_pages(condition_page, html):
    """Each kind of public page, parsed."""
    return {url: html(url, status=404 if url == "/nowhere/" else 200) for url in PAGES}


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_landmarks_and_a_skip_link_to_the_main_content(site_pages, url):
    soup = site_pages[url]

    assert soup.html["lang"] == "en-GB"
    assert (
        soup.select_one("meta[name=viewport]")["content"] == "width=device-width, initial-scale=1"
    )
    first_link = soup.body.find("a")
    assert first_link["href"] == "#main" and first_link.text == "Skip to main content"
    assert soup.select_one("main#main")
    assert len(soup.select("body > header")) == 1
    assert len(soup.select("body > footer")) == 1
    assert soup.select_one('nav[aria-label="Main"]')


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_one_h1_and_no_skipped_heading_levels(site_pages, url):
    levels = [int(h.name[1]) for h in site_pages[url].find_all(["h1", "h2", "h3", "h4"])]
    main_levels = [int(h.name[1]) for h in site_pages[url].main.find_all(["h1", "h2", "h3"])]

    assert levels.count(1) == 1
    assert main_levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


@pytest.mark.parametrize("url", PAGES)
def test_every_page_offers_an_appointment(site_pages, url):
    soup = site_pages[url]
    header_button = soup.select_one("header a.site-header__appointment")
    assert header_button.text == "Book an appointment"
    assert header_button["href"] == "/appointments/"
    assert soup.select_one("footer a[href='/appointments/']")


def test_print_stylesheet_is_linked_for_print_only(site_pages):
    soup = site_pages["/conditions/bone-metastases/"]
    stylesheets = {link["href"]: link.get("media") for link in soup.select("link[rel=stylesheet]")}
    assert stylesheets == {"/static/css/site.css": None, "/static/css/print.css": "print"}


def test_condition_page_costs_the_same_queries_however_much_it_holds(
    client, condition_page, make_condition
):
    """JSON-LD, share image, canonical URL and reading aids add no query per block or
    per related page."""

    def queries():
        client.get(condition_page.url)  # fill per-process caches (site root paths, renditions)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(condition_page.url).status_code == 200
        return len(captured)

    condition_page.hero_image = ImageFactory()
    condition_page.reviewed_by = ClinicianFactory()
    condition_page.related_conditions.create(related_page=make_condition())
    condition_page.save_revision().publish()
    small = queries()

    condition_page.body = full_body(copies=5)
    for _ in range(5):
        condition_page.related_conditions.create(related_page=make_condition())
    condition_page.save_revision().publish()

    assert queries() == small
    assert small <= 10
