"""The admin's "Import a condition page", as an editor uses it, and the "needs placing"
notes that hold the Medical review's approval until each is placed or dismissed."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.models import WorkflowState

from condition_pages.models import ConditionPage
from importer.models import ImportNote
from tests.admin_pages import action_url, condition_form, edit_url
from tests.import_corpus.scoring import CORPUS
from tests.importer_sources import GOUT, LEFTOVER, zip_of
from tests.staff import StaffClient

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/import-condition/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def preview(client, **data):
    response = client.post(IMPORT_URL, data)
    assert response.status_code == 200
    return response


def create(client, previewed):
    form = soup(previewed).find("input", {"name": "document"}).find_parent("form")
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    return client.post(IMPORT_URL, fields)


def test_editor_sees_a_word_document_beside_its_proposed_page_then_creates_the_draft(
    editor_client, client
):
    upload = SimpleUploadedFile("osteosarcoma.docx", (CORPUS / "osteosarcoma.docx").read_bytes())
    previewed = preview(editor_client, file=upload)
    page_html = soup(previewed)
    source = [item.get_text(strip=True) for item in page_html.select(".importer-source li")]
    assert "What are The Symptoms of Osteosarcoma?" in source
    proposed = page_html.select("[data-import-proposed] [data-block-type]")
    assert [block["data-block-type"] for block in proposed] == [
        "section", "call_to_action", "symptoms", "diagnosis", "treatment", "prognosis",
        "call_to_action",
    ]  # fmt: skip
    assert "MRI scan" in proposed[3].get_text()
    assert not ConditionPage.objects.exists()  # a preview saves nothing

    response = create(editor_client, previewed)
    page = ConditionPage.objects.get()
    assert response.status_code == 302 and response["Location"] == edit_url(page)
    editor = editor_client.get(response["Location"])
    assert "“Osteosarcoma” imported as a draft and submitted to the Medical review" in editor.text
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get(f"/conditions/{page.slug}/").status_code == 404


def test_bad_input_comes_back_with_its_message_and_what_was_typed(editor_client):
    typed = "Our hospital opened in 1990.\n\nWe care for you."
    response = preview(editor_client, text=typed, title="Opening hours")
    page_html = soup(response)
    assert "no recognisable sections" in response.text
    assert page_html.find("textarea", {"name": "text"}).get_text() == f"\n{typed}"
    assert page_html.find("input", {"name": "title"})["value"] == "Opening hours"

    fake = SimpleUploadedFile("report.docx", zip_of("report.txt", b"hello"))
    response = preview(editor_client, file=fake)
    assert "not a Word document: the zip archive has no word/document.xml" in response.text

    response = preview(editor_client)
    assert "Choose a file or paste the text" in response.text
    assert not ConditionPage.objects.exists()


def test_only_those_who_may_create_condition_pages_may_import(
    editor_client, condition_index, django_user_model
):
    assert "Import a condition page" in editor_client.get("/admin/").text

    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    staff.groups.add(Group.objects.get(name="Appointment coordinators"))
    other = StaffClient()  # with the second factor coordinators need
    other.force_login(staff)
    assert "Import a condition page" not in other.get("/admin/").text
    # Wagtail's admin answers a refused view with a redirect to the dashboard.
    assert other.get(IMPORT_URL)["Location"] == "/admin/"
    assert other.post(IMPORT_URL, {"text": GOUT})["Location"] == "/admin/"
    assert not ConditionPage.objects.exists()

    response = Client().get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.fixture
def imported_gout(editor_client):
    """Gout, pasted and imported: one passage needs placing."""
    response = create(editor_client, preview(editor_client, text=GOUT))
    assert response.status_code == 302
    return ConditionPage.objects.get(title="Gout")


def approve(reviewer_client, page):
    return reviewer_client.post(action_url(page, "approve"))


def is_live(page):
    return ConditionPage.objects.get(pk=page.pk).live


def submit(editor_client, page, **fields):
    form = condition_form(title="Gout", slug=page.slug, **fields)
    response = editor_client.post(edit_url(page), {**form, "action-submit": "1"})
    assert response.status_code == 302, [str(m) for m in response.context["messages"]]


def test_the_draft_opens_with_its_note_and_approval_waits_until_it_is_placed(
    imported_gout,
    editor_client,
    reviewer_client,
):
    # Kept back from the review while a passage needs placing (a page in review is
    # locked for its editors).
    assert imported_gout.current_workflow_state is None
    editor = soup(editor_client.get(edit_url(imported_gout)))
    notes = editor.select("[data-import-notes] li")
    assert [note.get_text() for note in notes] == [
        f"“{LEFTOVER}” (from “What are The Symptoms of Gout?”)"
    ]

    # Submitted as it is, the reviewer may not approve it…
    submit(editor_client, imported_gout)
    reviewer_view = reviewer_client.get(edit_url(imported_gout)).text
    assert "placing" in reviewer_view
    assert 'data-workflow-action-name="approve"' not in reviewer_view
    assert approve(reviewer_client, imported_gout).status_code in (302, 403)
    assert not is_live(imported_gout)

    # …but sends it back; the editor places the passage, the note closes, approval opens.
    reviewer_client.post(action_url(imported_gout, "reject"), {"comment": "Place the note."})
    submit(editor_client, imported_gout, summary=f"Gout is painful. {LEFTOVER}")
    assert "data-import-notes" not in editor_client.get(edit_url(imported_gout)).text
    assert approve(reviewer_client, imported_gout).status_code == 302
    assert is_live(imported_gout)


def test_a_dismissed_note_no_longer_holds_the_approval(
    imported_gout,
    editor_client,
    reviewer_client,
):
    notes_page = soup(editor_client.get(f"{IMPORT_URL}notes/{imported_gout.pk}/"))
    assert notes_page.select_one("[data-note-state]")["data-note-state"] == "open"
    assert "A hot, swollen joint" in notes_page.get_text()  # what went where
    note = ImportNote.objects.get()

    assert editor_client.post(f"{IMPORT_URL}notes/dismiss/{note.pk}/").status_code == 302
    notes_page = soup(editor_client.get(f"{IMPORT_URL}notes/{imported_gout.pk}/"))
    assert notes_page.select_one("[data-note-state]")["data-note-state"] == "dismissed"
    submit(editor_client, imported_gout)
    assert approve(reviewer_client, imported_gout).status_code == 302
    assert is_live(imported_gout)
