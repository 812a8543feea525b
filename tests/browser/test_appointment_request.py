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
from tests.servers import sqlite_run_only

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
    expect(condition).to_have_value("Bone metastases")

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


# The form's accessibility and error summary as rendered, whatever the database: CI's
# SQLite run only. Sending a request (what it stores) and finding a condition as the
# patient types run on both.
@sqlite_run_only("axe audits the form as rendered")
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
    expect(page.get_by_label("Full name")).to_be_focused()
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


def test_condition_is_found_as_the_patient_types(site_url, new_page):
    page = new_page("phone")
    page.goto(f"{site_url}/appointments/")
    condition = page.get_by_label("Which condition is this about?")

    condition.press_sequentially("bone me", delay=30)

    # The field's own suggestion list, filled from the server as the patient types.
    options = page.locator("datalist#condition-suggestions option")
    expect(options.first).to_have_attribute("value", "Bone metastases")
    # The list for "bone" may still be showing: wait until the one for "bone me" is.
    stale = page.locator('datalist#condition-suggestions option[value="Bone marrow failure"]')
    expect(stale).to_have_count(0, timeout=30_000)
    values = [option.get_attribute("value") for option in options.all()]
    assert {"Bone metastases", "Bone mets"} <= set(values)
    assert "Bone marrow failure" not in values
    condition.fill("Bone mets")  # as choosing the suggestion does
    page.get_by_label("Full name").fill("Asha Patel")
    page.get_by_label("Phone number").fill("+91 98200 55555")
    page.get_by_label("I agree the hospital may contact me").check()
    page.get_by_role("button", name="Send request").click()

    expect(page).to_have_url(re.compile(r"/appointments/thanks/$"))
    assert stored_requests()[0]["condition__title"] == "Bone metastases"


def test_without_javascript_a_partial_name_offers_the_matches(site_url, new_page):
    page = new_page("phone", java_script_enabled=False)
    page.goto(f"{site_url}/appointments/")
    page.get_by_label("Full name").fill("Asha Patel")
    page.get_by_label("Email address").fill("asha@example.org")
    page.get_by_label("Which condition is this about?").fill("bone")
    page.get_by_label("I agree the hospital may contact me").check()
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_label("Which condition is this about?")).to_have_value("bone")
    page.get_by_role("radio", name="Bone marrow failure").check()
    page.get_by_role("button", name="Send request").click()

    expect(page).to_have_url(re.compile(r"/appointments/thanks/$"))
    assert stored_requests()[0]["condition__title"] == "Bone marrow failure"


# What a link of the error summary must bring into view: the field's label and message.
IN_VIEW = """(id) => {
    const control = document.getElementById(id);
    const field = control.closest(".form-field");
    const parts = [field.querySelector(".form-field__error"),
                   document.querySelector(`label[for="${id}"]`)];
    return parts.every((part) => {
        const box = part.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
    });
}"""


@sqlite_run_only("checks the error summary's links as rendered")
@pytest.mark.parametrize("viewport", ["small-phone", "phone", "desktop"])
@pytest.mark.parametrize("javascript", [True, False])
def test_error_summary_links_show_the_label_and_the_message(
    site_url, new_page, viewport, javascript
):
    page = new_page(viewport, java_script_enabled=javascript)
    page.goto(f"{site_url}/appointments/")
    page.get_by_label("Phone number").fill("call me")
    page.get_by_label("Best time to contact you").fill("Evenings. " * 40)
    page.get_by_role("button", name="Send request").click()

    links = page.locator(".error-summary a")
    expect(links).to_have_count(3)
    for index in range(3):
        link = links.nth(index)
        target = link.get_attribute("href").removeprefix("#")
        page.evaluate("window.scrollTo(0, 0)")
        link.click()
        page.wait_for_function(IN_VIEW, arg=target)
        if javascript:
            expect(page.locator(f"#{target}")).to_be_focused()
