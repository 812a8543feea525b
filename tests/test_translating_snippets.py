"""Site settings in each language (docs/translations.md): the urgent help line above a
symptoms block's urgent signs has a field per language, blank = the catalogue's line."""

import pytest

from wagtail.models import Site

HINDI_DEFAULT = "अगर आपको ये हों, तो 999 पर फ़ोन करें या सबसे नज़दीकी आपातकालीन विभाग में जाएँ:"
MARATHI_DEFAULT = "तुम्हाला हे असल्यास, 999 वर फोन करा किंवा जवळच्या आपत्कालीन विभागात जा:"


@pytest.fixture
def other_number(settings):
    settings.EMERGENCY_PHONE_NUMBER = "999"


@pytest.fixture
def pages(condition_page, translate):
    return {
        "en": condition_page,
        "hi": translate(condition_page, "hi", title="हड्डियों में फैला कैंसर"),
        "mr": translate(condition_page, "mr", title="हाडांमध्ये पसरलेला कर्करोग"),
    }


def urgent_line(html, page):
    return html(page.url).select_one(".block--symptoms .callout--urgent").get_text(" ")


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return f"/admin/settings/condition_pages/urgenthelpsettings/{site.pk}/"


def form(**fields):
    data = {
        "urgent_help_lead": "Call {number} or go to the nearest emergency department if you have:",
        "urgent_help_lead_hi": "",
        "urgent_help_lead_mr": "",
    }
    data.update(fields)
    return data


def test_each_language_shows_the_catalogue_line_until_the_setting_has_its_own(
    other_number, html, pages
):
    assert "Call 999 or go to the nearest emergency department" in urgent_line(html, pages["en"])
    assert HINDI_DEFAULT in urgent_line(html, pages["hi"])
    assert MARATHI_DEFAULT in urgent_line(html, pages["mr"])


def test_an_administrator_words_the_line_per_language(other_number, html, pages, admin_client):
    hindi = "तुरंत {number} पर फ़ोन करें अगर आपको ये हों:"
    response = admin_client.post(
        settings_url(),
        form(urgent_help_lead="Ring {number} at once if you have:", urgent_help_lead_hi=hindi),
    )
    assert response.status_code == 302

    assert "Ring 999 at once if you have:" in urgent_line(html, pages["en"])
    assert "तुरंत 999 पर फ़ोन करें अगर आपको ये हों:" in urgent_line(html, pages["hi"])
    # Marathi left blank: the catalogue's Marathi line, not the English wording.
    assert MARATHI_DEFAULT in urgent_line(html, pages["mr"])


def test_a_translated_line_must_keep_the_number(other_number, html, pages, admin_client):
    refused = admin_client.post(settings_url(), form(urgent_help_lead_mr="रुग्णालयात जा:"))

    assert refused.status_code == 200  # the form again, with the error
    assert "Write {number} once" in refused.content.decode()
    assert MARATHI_DEFAULT in urgent_line(html, pages["mr"])
