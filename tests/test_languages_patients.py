"""What a patient reading Hindi or Marathi meets: the A–Z in Devanagari order, search
in their language, the appointment form in their language (docs/translations.md)."""

import pytest
from bs4 import BeautifulSoup

from django.core import mail

from appointments.models import AppointmentRequest
from condition_pages.a_to_z import sort_key
from tests.appointment_requests import valid_form

HINDI_NAMES = {
    # title: other names (also_known_as)
    "हड्डियों में फैला कैंसर": "अस्थि मेटास्टेसिस",
    "ओस्टियोसारकोमा": "",
    "कैंसर में दर्द": "",
    "आँत का कैंसर": "",
    "ल्यूकेमिया": "रक्त कैंसर",
    "क्षय रोग": "",
    "अग्नाशय का कैंसर": "",
}


@pytest.fixture
def hindi_catalogue(make_condition, translate):
    pages = []
    for number, (title, other_names) in enumerate(HINDI_NAMES.items()):
        english = make_condition(title=f"Condition {number}", slug=f"condition-{number}")
        pages.append(translate(english, "hi", title=title, also_known_as=other_names))
    return pages


def test_devanagari_order_is_the_alphabet_not_code_points():
    names = ["कौआ", "ओखली", "कंघा", "क्या", "आम", "काम", "कम", "अनार", "ळकार", "हाथ", "क़लम"]
    assert sorted(names, key=lambda name: sort_key(name, "mr")) == [
        "अनार",  # vowels first, in their order: अ आ … ओ
        "आम",
        "ओखली",
        "कंघा",  # anusvara before the vowel signs
        "कम",  # the bare consonant before its signs
        "क़लम",  # a nukta letter sorts with its base letter
        "काम",
        "कौआ",
        "क्या",  # a half letter after every vowel sign
        "हाथ",
        "ळकार",  # Marathi's ळ after ह
    ]


def test_the_hindi_a_to_z_is_grouped_by_the_devanagari_alphabet(html, hindi_catalogue):
    page = html("/hi/conditions/")
    groups = {
        group.h2.get_text(): [
            link.get_text() for link in group.find_all("a", class_="az-entry__link")
        ]
        for group in page.find_all("section", class_="az-group")
    }
    assert list(groups) == ["अ", "आ", "ओ", "क", "र", "ल", "ह"]
    assert groups["अ"] == ["अग्नाशय का कैंसर", "अस्थि मेटास्टेसिस"]
    assert groups["क"] == ["कैंसर में दर्द", "क्षय रोग"]
    assert groups["ल"] == ["ल्यूकेमिया"]
    assert groups["ह"] == ["हड्डियों में फैला कैंसर"]
    assert groups["र"] == ["रक्त कैंसर"]  # an other name, filed under its own letter
    # The jump links: the whole alphabet, vowels then consonants.
    nav = page.find("nav", class_="az-nav").find_all("li")
    letters = [(item.a or item.span).contents[0].strip() for item in nav]
    assert letters[:12] == [*"अआइईउऊऋएऐओऔ", "क"]
    assert letters[-1] == "ह"
    assert page.html["lang"] == "hi"


def test_a_letter_page_of_the_hindi_a_to_z(client, settings, hindi_catalogue):
    settings.A_TO_Z_ONE_PAGE_MAX = 1
    response = client.get("/hi/conditions/letter/क/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert [link.get_text() for link in page.find_all("a", class_="az-entry__link")] == [
        "कैंसर में दर्द",
        "क्षय रोग",
    ]
    assert client.get("/hi/conditions/letter/b/").status_code == 404
    assert client.get("/conditions/letter/क/").status_code == 404


def test_search_in_hindi_finds_devanagari_words_and_other_names(html, hindi_catalogue):
    page = html("/hi/search/?q=कैंसर")
    found = [link.get_text() for link in page.find_all("a", class_="result__link")]
    assert "हड्डियों में फैला कैंसर" in found
    assert all(
        link["href"].startswith("/hi/") for link in page.find_all("a", class_="result__link")
    )
    other_name = html("/hi/search/?q=मेटास्टेसिस")
    found = [link.get_text() for link in other_name.find_all("a", class_="result__link")]
    assert found[0] == "हड्डियों में फैला कैंसर"
    # English search does not list Hindi pages.
    english = html("/search/?q=कैंसर")
    assert english.find("a", class_="result__link") is None


def test_the_appointment_form_in_marathi_records_the_patients_language(
    client, notify, db, django_capture_on_commit_callbacks
):
    page = BeautifulSoup(client.get("/mr/appointments/").content, "html.parser")
    assert page.html["lang"] == "mr"
    assert page.h1.get_text() == "अपॉइंटमेंट घ्या"
    assert page.find("label", attrs={"for": "id_name"}).get_text(strip=True).startswith("पूर्ण नाव")

    # A mistake comes back in Marathi, with what was typed kept.
    response = client.post("/mr/appointments/", valid_form(name=""))
    again = BeautifulSoup(response.content, "html.parser")
    assert "तुमचे पूर्ण नाव लिहा." in again.find(class_="error-summary").get_text()
    assert again.find("input", attrs={"name": "phone"})["value"] == "+91 (22) 1234-5678"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mr/appointments/", valid_form())
    assert response.status_code == 302
    assert response["Location"] == "/mr/appointments/thanks/"
    thanks = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert thanks.h1.get_text() == "धन्यवाद: तुमची विनंती पाठवली आहे"
    assert AppointmentRequest.objects.get().language == "mr"
    assert "The patient wrote in Marathi" in mail.outbox[0].body


def test_english_appointments_stay_english(client, db):
    client.post("/appointments/", valid_form())
    assert AppointmentRequest.objects.get().language == "en"


@pytest.mark.parametrize(
    "url", ["/hi/", "/hi/conditions/", "/hi/conditions/bone-metastases/", "/hi/search/?q=x"]
)
def test_no_english_interface_text_on_hindi_pages(
    html, home_page, condition_index, condition_page, translate, url
):
    """Every interface string on a Hindi page comes from the Hindi catalogue: the page
    chrome (header, navigation, footer, headings the site adds) holds no English word
    (the site's name and the emergency number aside)."""
    translate(home_page, "hi", title="मुख्य पेज", hero_heading="बीमारियों की जानकारी")
    translate(condition_index, "hi", title="बीमारियाँ")
    translate(condition_page, "hi", title="हड्डियों में फैला कैंसर", summary="सारांश", body=[])
    page = html(url)
    # Each language's name is in that language (and marked so): "English" is right.
    page.find("nav", class_="language-switcher").decompose()
    for part in [page.header, page.footer, *page.find_all(["h1", "h2", "label", "button"])]:
        text = part.get_text(" ", strip=True).replace("SSO", "")
        english_words = [word for word in text.split() if word.isascii() and word.isalpha()]
        assert english_words == [], (url, text)
