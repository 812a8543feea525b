"""The site works under its own Content-Security-Policy in Chromium: nothing it sends
is refused (a refused stylesheet or script would leave the page broken), and the
policy really is enforced."""

import json
import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group

from tests.browser.pages import PUBLIC_PAGES
from tests.servers import sqlite_run_only

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # What the browser renders, whatever the database: CI's SQLite run only.
    sqlite_run_only("checks the browser's enforcement of the policy"),
]


def csp_messages(page):
    """Chromium's console reports of anything the policy refused, as they arrive."""
    refused = []

    def listen(message):
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", listen)
    return refused


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_public_pages_break_no_rule_of_their_policy(site_url, new_page, viewport):
    page = new_page(viewport)
    refused = csp_messages(page)
    for name, path in PUBLIC_PAGES.items():
        response = page.goto(site_url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"], name
        # site.css applied: it hides the skip link above the top until it is focused.
        expect(page.get_by_role("link", name="Skip to main content")).to_have_css(
            "position", "absolute"
        )
    assert refused == []


def test_json_ld_is_still_readable_under_the_policy(site_url, new_page):
    page = new_page("desktop")
    refused = csp_messages(page)
    page.goto(f"{site_url}/conditions/bone-metastases/")

    # A data block is not a script that runs, so script-src does not apply to it.
    data = json.loads(page.locator("script[type='application/ld+json']").text_content())
    assert data["@type"] == "MedicalWebPage"
    assert refused == []


def test_the_policy_is_enforced(site_url, new_page):
    """The check above can fail: an inline script and style added to a page are refused."""
    page = new_page("desktop")
    refused = csp_messages(page)
    page.goto(site_url)

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.body.dataset.injected = 'ran'";
            document.body.append(script);
            const style = document.createElement("style");
            style.textContent = "body { display: none }";
            document.head.append(style);
        }"""
    )

    expect(page.locator("body")).not_to_have_attribute("data-injected", "ran")
    expect(page.locator("h1")).to_be_visible()
    assert any("script-src" in message for message in refused)
    assert any("style-src" in message for message in refused)


@pytest.fixture
def editor(site_url, django_user_model):
    """An editor's account (the Editors group, which signs in with a password alone:
    superusers need a second factor, tests/browser/test_staff_sign_in.py), made before the
    browser starts (see conftest.chromium)."""
    editor = django_user_model.objects.create_user(
        "editor", "editor@example.org", "a-good-password"
    )
    editor.groups.add(Group.objects.get(name="Editors"))


def test_editor_signs_in_and_the_userbar_works_under_the_policy(site_url, editor, new_page):
    page = new_page("desktop")
    refused = csp_messages(page)

    # The admin is outside the policy; its sign-in page works in a real browser.
    page.goto(f"{site_url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-good-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # On the public site, Wagtail's userbar (its own scripts and stylesheet) still works.
    page.goto(f"{site_url}/conditions/bone-metastases/")
    page.locator("wagtail-userbar").get_by_role("button").first.click()
    expect(
        page.locator("wagtail-userbar").get_by_role("menuitem", name="Edit this page")
    ).to_be_visible()
    assert refused == []


def test_api_docs_are_served_from_the_site_and_work_under_the_policy(site_url, new_page):
    """Swagger UI at /api/v3/docs/ comes from django-ninja's own static files (the
    "ninja" app is installed for that), not a CDN, so it needs no exception."""
    page = new_page("desktop")
    refused = csp_messages(page)
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{site_url}/api/v3/docs/")
    # Swagger UI builds the page from the OpenAPI document: slow on a busy machine.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Wagtail API", timeout=60_000)
    page.locator(".opblock-summary").first.click()
    expect(page.get_by_role("button", name="Try it out").first).to_be_visible()

    assert [url for url in requested if not url.startswith(site_url)] == []
    assert f"{site_url}/api/v3/openapi.json" in requested
    assert refused == []
