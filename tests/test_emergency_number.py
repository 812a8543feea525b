"""One emergency number, settings.EMERGENCY_PHONE_NUMBER (112, India's national
number), given by every page, form, block and block preview that names one."""

import pytest
from bs4 import BeautifulSoup

from django.test import RequestFactory
from django.views.defaults import server_error

from condition_pages.models import ConditionPage

STREAM = ConditionPage.body.field.stream_block


@pytest.fixture
def other_number(settings):
    settings.EMERGENCY_PHONE_NUMBER = "999"


def test_the_emergency_number_is_indias_national_one(settings):
    assert settings.EMERGENCY_PHONE_NUMBER == "112"


def test_an_article_gives_the_number_in_its_footer_and_its_urgent_signs(
    other_number, html, condition_page
):
    soup = html(condition_page.url)

    urgent = soup.select_one(".block--symptoms .callout--urgent").get_text(" ")
    assert "Call 999 or go to the nearest emergency department" in urgent
    assert "In an emergency, call 999." in soup.select_one("footer").text
    assert "112" not in soup.select_one("footer").text + urgent


def test_the_appointment_form_gives_the_number(other_number, html, condition_page):
    callout = html("/appointments/").select_one("main .callout--urgent").text

    assert "or 999 in an emergency" in callout


def test_the_500_page_gives_the_number_without_a_database(other_number):
    soup = BeautifulSoup(server_error(RequestFactory().get("/")).content, "html.parser")

    assert "In an emergency, call 999." in soup.select_one("main").text
    assert "In an emergency, call 999." in soup.select_one("footer").text


def test_the_callout_block_preview_gives_the_number(other_number, editor_client):
    prefix = STREAM.child_blocks["callout"].definition_prefix

    response = editor_client.get(f"/admin/block-preview/?id={prefix}")

    soup = BeautifulSoup(response.content, "html.parser")
    assert "Call 999 if" in soup.select_one("main .callout__title").text


def test_an_administrator_rewords_the_urgent_help_line_in_site_settings(
    other_number, html, condition_page, admin_client, editor_client
):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/condition_pages/urgenthelpsettings/{site.pk}/"
    # Editors cannot: patients read it on every article with urgent signs.
    assert editor_client.post(url, {"urgent_help_lead": "Call {number} now"}).status_code in (
        302,
        403,
    )
    refused = admin_client.post(url, {"urgent_help_lead": "Go to a hospital if you have:"})
    assert refused.status_code == 200  # the form again: the number is missing
    assert "Go to a hospital if you have:" in refused.content.decode()
    admin_client.post(url, {"urgent_help_lead": "Ring {number} at once if you have:"})

    urgent = html(condition_page.url).select_one(".block--symptoms .callout--urgent").text
    assert "Ring 999 at once if you have:" in urgent
