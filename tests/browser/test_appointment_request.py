"""A patient asks for an appointment in a real browser: from the bone metastases
article's call to action, with the keyboard alone; and the form, once it shows
errors, is as accessible as before."""

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from django.db import connection

from appointments.models import AppointmentRequest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING = {"serious", "critical"}


def stored_requests():
    """What the database holds, read from another thread: this one runs Playwright's
    event loop, where Django refuses to query."""

    def read():
        try:
            return list(
                AppointmentRequest.objects.values(
                    "name", "phone", "email", "condition__title", "message"
                )
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(read).result()


def test_patient_books_from_the_article_with_the_keyboard(site_url, new_page, screenshot):
    page = new_page("phone")
    page.goto(f"{site_url}/conditions/bone-metastases/")

    call_to_action = page.locator("aside.cta a.button").first
    call_to_action.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/appointments/\?condition=bone-metastases$"))
    expect(page.locator("h1")).to_have_text("Book an appointment")
    condition = page.get_by_label("Which condition is this about?")
    expect(condition.locator("option:checked")).to_have_text("Bone metastases")

    page.get_by_label("Full name").focus()
    page.keyboard.type("Asha Patel")
    page.keyboard.press("Tab")
    page.keyboard.type("+91 98200 55555")
    page.keyboard.press("Tab")  # email: optional, left empty
    page.keyboard.press("Tab")  # the condition, already chosen
    page.keyboard.press("Tab")
    expect(page.get_by_label("Best time to contact you")).to_be_focused()
    page.keyboard.type("Weekday mornings")
    page.keyboard.press("Tab")
    expect(page.get_by_label("I agree the hospital may contact me")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    # The honeypot is not a stop on the way.
    send = page.get_by_role("button", name="Send request")
    expect(send).to_be_focused()
    screenshot(page, "journey-phone-appointment-form")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/appointments/thanks/$"))
    expect(page.locator("h1")).to_have_text("Thank you: your request has been sent")
    screenshot(page, "journey-phone-appointment-sent")
    assert stored_requests() == [
        {
            "name": "Asha Patel",
            "phone": "+91 98200 55555",
            "email": "",
            "condition__title": "Bone metastases",
            "message": "Weekday mornings",
        }
    ]


def test_header_button_leads_to_the_form(site_url, new_page):
    page = new_page("desktop")
    page.goto(site_url)

    page.get_by_role("banner").get_by_role("link", name="Book an appointment").click()

    expect(page).to_have_url(re.compile(r"/appointments/$"))
    expect(page.get_by_label("Full name")).to_be_visible()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_form_with_errors_has_no_serious_accessibility_violations(
    site_url, new_page, axe, screenshot, artifacts, viewport
):
    page = new_page(viewport)
    page.goto(f"{site_url}/appointments/")
    page.get_by_label("Phone number").fill("call me")
    page.get_by_role("button", name="Send request").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()  # so that it is read out first
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Enter your full name.",
            re.compile("^Enter a phone number of 7 to 20 digits"),
            re.compile("^Tick the box to agree"),
        ]
    )
    summary.get_by_role("link", name="Enter your full name.").click()
    expect(page).to_have_url(re.compile(r"#id_name$"))
    expect(page.get_by_label("Phone number")).to_have_value("call me")
    screenshot(page, f"{viewport}-appointment-errors")

    violations = [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in axe(page)
    ]
    (artifacts / f"axe-{viewport}-appointment-errors.json").write_text(
        json.dumps(violations, indent=2)
    )
    assert [v for v in violations if v["impact"] in BLOCKING] == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
