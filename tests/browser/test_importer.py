"""In Chromium: an editor imports a Word document through "Import a condition page",
places the passage the importer could not, submits the draft to the Medical review,
and a clinical reviewer approves it, which publishes it."""

import re

import docx
import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group

from tests.browser.page_editor import wait_for_the_body_editor
from tests.factories.conditions import ClinicianFactory
from tests.importer_sources import LEFTOVER
from tests.two_factor import second_factor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def gout_docx(tmp_path):
    """A Word document as the old site's editors wrote them, with one passage (after
    the symptoms' list) that no block has a place for."""
    document = docx.Document()
    document.add_paragraph("Gout", style="Title")
    document.add_paragraph(
        "Gout is a type of arthritis caused by crystals of uric acid in a joint."
    )
    document.add_heading("What are The Symptoms of Gout?", level=2)
    document.add_paragraph("Gout causes sudden attacks of joint pain. Symptoms include:")
    document.add_paragraph("A hot, swollen joint", style="List Bullet")
    document.add_paragraph("Redness over the joint", style="List Bullet")
    document.add_paragraph(LEFTOVER)
    document.add_heading("How is Gout Treated?", level=2)
    document.add_paragraph("Anti-inflammatory medicines reduce pain and swelling.")
    path = tmp_path / "gout.docx"
    document.save(path)
    return path


@pytest.fixture
def accounts(site_url, django_user_model):
    """An editor and a clinical reviewer, made before the browser starts."""
    editor = django_user_model.objects.create_user("editor", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer = django_user_model.objects.create_user("reviewer", password=PASSWORD)
    reviewer.groups.add(Group.objects.get(name="Clinical reviewers"))
    ClinicianFactory(name="Dr Meera Iyer", user=reviewer)
    return {"reviewer": second_factor(reviewer)}


def more_actions(page):
    page.locator("footer .w-dropdown__toggle").last.click()


def test_an_imported_word_document_is_placed_submitted_and_approved(
    accounts, site_url, sign_in, gout_docx, new_page, screenshot
):
    editor = new_page("desktop")
    sign_in(editor, "editor", PASSWORD)
    editor.get_by_role("link", name="Import a condition page").click()
    editor.set_input_files("input[name=file]", str(gout_docx))
    editor.get_by_role("button", name="Preview the structure").click()

    proposed = editor.locator("[data-import-proposed]")
    expect(proposed.locator("[data-block-type=symptoms]")).to_contain_text("A hot, swollen joint")
    expect(proposed.locator("[data-block-type=treatment]")).to_contain_text(
        "Anti-inflammatory medicines"
    )
    expect(editor.locator("[data-import-needs-placing]")).to_contain_text(LEFTOVER)
    screenshot(editor, "importer-preview")
    editor.get_by_role("button", name=re.compile("^Create the draft")).click()

    # The draft opens with its note.
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    edit_url = editor.url
    expect(editor.locator("[data-import-notes]")).to_contain_text(LEFTOVER)
    screenshot(editor, "importer-draft-with-note")

    # The editor places the passage (here, in the summary) and saves: the note closes.
    wait_for_the_body_editor(editor)
    summary = editor.locator("textarea[name=summary]")
    summary.fill(f"{summary.input_value()} {LEFTOVER}")
    editor.get_by_role("button", name="Save draft").click()
    expect(editor.locator(".messages")).to_contain_text("has been updated")
    expect(editor.locator("[data-import-notes]")).to_have_count(0)

    more_actions(editor)
    editor.get_by_role("button", name=re.compile("Submit to Medical review")).click()
    expect(editor.locator(".messages")).to_contain_text("submitted")

    reviewer = new_page("desktop")
    sign_in(reviewer, "reviewer", PASSWORD, accounts["reviewer"])
    reviewer.goto(edit_url)
    wait_for_the_body_editor(reviewer)
    more_actions(reviewer)
    reviewer.locator(
        "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    ).click()
    # The approval saves and publishes in one request; the editor reloads after it.
    expect(reviewer.locator(".messages")).to_contain_text("has been updated")

    patient = new_page("phone")
    response = patient.goto(f"{site_url}/conditions/gout/")
    assert response.status == 200
    expect(patient.locator("h1")).to_have_text("Gout")
    expect(patient.locator("body")).to_contain_text("Dr Meera Iyer")
