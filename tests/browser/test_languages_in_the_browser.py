"""A patient who reads Marathi or Hindi, in Chromium: switching an article's language
and back, searching in Devanagari, the Hindi A–Z, an appointment request in Marathi,
and axe on the Hindi and Marathi pages (docs/translations.md)."""

import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from django.core.management import call_command
from django.db import connection

from appointments.models import AppointmentRequest
from tests.servers import sqlite_run_only

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def languages_url(live_server):
    """The sample article in English with its Hindi and Marathi demonstration
    translations."""
    call_command("load_sample_content", "--demo-translations", stdout=io.StringIO())
    return live_server.url


def test_a_patient_switches_the_article_to_marathi_and_back(languages_url, new_page):
    page = new_page("phone")
    page.goto(f"{languages_url}/conditions/bone-metastases/")
    switcher = page.get_by_role("navigation", name="Language")
    switcher.get_by_role("link", name="मराठी").click()

    expect(page).to_have_url(re.compile(r"/mr/conditions/bone-metastases/$"))
    expect(page.locator("html")).to_have_attribute("lang", "mr")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "हाडांमध्ये पसरलेला कर्करोग (बोन मेटास्टेसिस)"
    )
    page.get_by_role("navigation", name="भाषा").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/conditions/bone-metastases/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")


def test_a_patient_searches_in_hindi(languages_url, new_page):
    page = new_page("phone")
    page.goto(f"{languages_url}/hi/")
    page.get_by_label("किसी बीमारी, लक्षण या इलाज को खोजें").fill("मेटास्टेसिस")
    page.get_by_role("button", name="खोजें").click()
    expect(page).to_have_url(re.compile(r"/hi/search/\?q="))
    page.get_by_role("link", name="हड्डियों में फैला कैंसर (बोन मेटास्टेसिस)").click()
    expect(page).to_have_url(re.compile(r"/hi/conditions/bone-metastases/$"))


def test_a_patient_browses_the_hindi_a_to_z(languages_url, new_page):
    page = new_page("phone")
    page.goto(f"{languages_url}/hi/conditions/")
    nav = page.get_by_role("navigation", name="अक्षर के अनुसार बीमारियाँ")
    nav.get_by_role("link", name="ह", exact=True).click()
    group = page.locator("#letter-ह")
    expect(group.get_by_role("heading")).to_have_text("ह")
    expect(group.get_by_role("link", name="हड्डियों में फैला कैंसर (बोन मेटास्टेसिस)")).to_be_visible()


def stored_languages():
    """The stored requests' languages, read from another thread: this one runs
    Playwright's event loop, where Django refuses to query."""

    def read():
        try:
            return list(AppointmentRequest.objects.values_list("language", flat=True))
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(read).result()


def test_a_patient_asks_for_an_appointment_in_marathi(languages_url, new_page):
    page = new_page("phone")
    page.goto(f"{languages_url}/mr/appointments/")
    page.get_by_label("पूर्ण नाव").fill("आशा पाटील")
    page.get_by_label("फोन नंबर").fill("+91 98200 55555")
    page.get_by_label("या विनंतीबद्दल रुग्णालयाने").check()
    page.get_by_role("button", name="विनंती पाठवा").click()

    expect(page).to_have_url(re.compile(r"/mr/appointments/thanks/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("धन्यवाद: तुमची विनंती पाठवली आहे")
    assert stored_languages() == ["mr"]


# axe on the pages as rendered, whatever the database: CI's SQLite run only. Searching
# in Devanagari, which the database does change, runs on both.
@sqlite_run_only("axe audits the pages as rendered")
@pytest.mark.parametrize("language", ["hi", "mr"])
def test_hindi_and_marathi_pages_have_no_accessibility_violations(
    languages_url, new_page, axe, language
):
    page = new_page("phone")
    found = {}
    for path in [
        "/",
        "/conditions/",
        "/conditions/bone-metastases/",
        "/search/?q=कर",
        "/appointments/",
    ]:
        page.goto(f"{languages_url}/{language}{path}")
        found[path] = [
            (violation["id"], [node["target"] for node in violation["nodes"]])
            for violation in axe(page)
        ]
    assert found == {path: [] for path in found}
