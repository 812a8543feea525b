"""`make run` loads Hindi and Marathi versions of the sample article, through the
Medical review, each clearly a demonstration translation (docs/translations.md)."""

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command

from wagtail.models import Page


@pytest.fixture
def loaded(db):
    call_command("load_sample_content", "--demo-translations", verbosity=0)


@pytest.mark.parametrize(
    ("url", "demonstration"),
    [
        ("/hi/conditions/bone-metastases/", "प्रदर्शन के लिए अनुवाद"),
        ("/mr/conditions/bone-metastases/", "प्रात्यक्षिकासाठी भाषांतर"),
    ],
)
def test_the_sample_article_in_hindi_and_marathi_says_it_is_a_demonstration(
    loaded, client, url, demonstration
):
    response = client.get(url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    first_block = page.find(class_="condition__body").find(class_="callout")
    assert demonstration in first_block.get_text()
    # Approved in its own Medical review, by the demo reviewer, and so up to date.
    assert page.find(class_="translation-notice") is None
    assert "Demo Reviewer" in page.find(class_="review-dates").get_text()


def test_loading_twice_changes_nothing(loaded):
    pages = Page.objects.count()
    call_command("load_sample_content", "--demo-translations", verbosity=0)
    assert Page.objects.count() == pages


def test_the_sample_articles_specialty_is_named_in_each_language(loaded, client):
    names = {}
    for language in ("en", "hi", "mr"):
        [item] = client.get(f"/api/v3/conditions/?locale={language}").json()["items"]
        [specialty] = item["specialties"]
        assert specialty["slug"] == "orthopaedic-oncology"
        names[language] = specialty["name"]
    assert names == {
        "en": "Orthopaedic oncology",
        "hi": "ऑर्थोपेडिक ऑन्कोलॉजी (हड्डी का कैंसर)",
        "mr": "ऑर्थोपेडिक ऑन्कोलॉजी (हाडांचा कर्करोग)",
    }
