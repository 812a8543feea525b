"""An editor, in Chromium, sees what she publishes: the preview panel shows the page
(the site's security headers let the admin, and only it, frame a preview), the
readability score of her text, and a preview of each block in the block chooser."""

import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group

from condition_pages.models import ConditionPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor_site(site_url, django_user_model):
    """An editor's account (not a superuser), made before the browser starts."""
    editor = django_user_model.objects.create_user("editor", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    article = ConditionPage.objects.get(slug="bone-metastases")
    return site_url, article


def sign_in(page, site_url):
    page.goto(f"{site_url}/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site_url}/admin/")


def framing_errors(page):
    """Console reports of a frame the browser refused, or anything else CSP blocked."""
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if re.search(r"frame|Content Security Policy", message.text, re.I)
            else None
        ),
    )
    return errors


def test_editor_sees_the_page_and_its_readability_in_the_preview_panel(
    editor_site, new_page, screenshot
):
    site_url, article = editor_site
    page = new_page("desktop")
    errors = framing_errors(page)
    sign_in(page, site_url)
    page.goto(f"{site_url}/admin/pages/{article.pk}/edit/")

    score = page.locator("[data-readability-score]").first
    score.scroll_into_view_if_needed()
    assert re.search(r"Flesch reading ease of the summary and body.*: -?\d+", score.inner_text())

    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    preview.locator("h1").wait_for()
    assert preview.locator("h1").inner_text() == article.title
    screenshot(page, "editor-preview-panel")

    # Wagtail's built-in checks read the framed preview: content metrics and axe.
    page.get_by_role("button", name="Toggle checks").click()
    expect(page.locator("[data-content-word-count]")).to_have_text(re.compile(r"^\d+$"))
    expect(page.locator("[data-content-reading-time]")).to_have_text(re.compile(r"\d+ min"))
    screenshot(page, "editor-checks-panel")
    page.get_by_role("button", name="Toggle preview").click()

    page.select_option("select[name=preview_mode]", "readability")
    score = preview.locator(".readability-preview__score")
    score.wait_for()
    assert re.search(r"Flesch reading ease: -?\d+", score.inner_text())

    page.select_option("select[name=preview_mode]", "publish")
    preview.locator("[data-publish-preview=api-v3]").wait_for()
    assert (
        f'"title": "{article.title}"'
        in preview.locator("[data-publish-preview=api-v3]").inner_text()
    )
    assert errors == []


def test_editor_sees_a_block_preview_in_the_block_chooser(editor_site, new_page, screenshot):
    site_url, article = editor_site
    page = new_page("desktop")
    errors = framing_errors(page)
    sign_in(page, site_url)
    page.goto(f"{site_url}/admin/pages/{article.pk}/edit/")

    page.locator("button[title='Insert a block']").first.click()
    option = page.get_by_role("option", name=re.compile("^Symptoms"))
    option.hover()
    page.locator(".w-combobox__option-preview").first.click()
    preview = page.frame_locator("iframe.w-combobox-preview__iframe")
    preview.locator("section.block--symptoms h2").wait_for()
    assert preview.locator("section.block--symptoms h2").inner_text() == "What are the symptoms?"
    screenshot(page, "editor-block-preview")
    assert errors == []
