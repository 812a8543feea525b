"""`POST /api/v3/imports/`: an app sends an old page and gets its draft back, with the
permissions of page creation; bad input is a 422 problem+json naming the field."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from condition_pages.models import ConditionPage
from tests.import_corpus.scoring import CORPUS
from tests.importer_sources import GOUT, LEFTOVER, zip_of

pytestmark = pytest.mark.django_db
URL = "/api/v3/imports/"


def post(client, token, data):
    return client.post(URL, data, headers={"Authorization": f"Bearer {token}"})


def test_an_editors_app_uploads_a_saved_page_and_gets_its_draft(client, api_token, condition_index):
    token = api_token("app", group="Editors")
    upload = SimpleUploadedFile("osteosarcoma.html", (CORPUS / "osteosarcoma.html").read_bytes())
    response = post(client, token, {"file": upload})
    assert response.status_code == 201, response.content
    result = response.json()
    assert result["status"] == "created" and result["submitted_for_review"] is True
    assert result["needs_placing"] == []
    assert {"text": "All Doctors", "why": "page furniture (the doctor list)"} in result["left_out"]
    page = result["page"]
    assert page["title"] == "Osteosarcoma"
    assert page["meta"]["first_published_at"] is None
    symptoms = next(block for block in page["body"] if block["type"] == "symptoms")
    assert symptoms["value"]["symptoms"][0]["name"] == "Bone pain"
    assert ConditionPage.objects.get(pk=page["id"]).current_workflow_state is not None
    # Not live: anonymous readers do not see it.
    assert client.get(f"/api/v3/pages/{page['id']}/").status_code == 404

    again = post(
        client,
        token,
        {
            "file": SimpleUploadedFile(
                "osteosarcoma.html", (CORPUS / "osteosarcoma.html").read_bytes()
            )
        },
    )
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert ConditionPage.objects.count() == 1


def test_text_is_imported_too_and_a_leftover_is_returned(client, api_token, condition_index):
    token = api_token("app", group="Editors")
    response = post(client, token, {"text": GOUT, "name": "gout-page"})
    assert response.status_code == 201
    result = response.json()
    assert result["needs_placing"] == [
        {"text": LEFTOVER, "where": "What are The Symptoms of Gout?"}
    ]
    assert result["submitted_for_review"] is False
    assert result["page"]["title"] == "Gout"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "file", "send a file or text"),
        ({"text": "   "}, "file", "send a file or text"),
        ({"text": "We are a hospital."}, "text", "no recognisable sections"),
        ({"file": ("fake.docx", zip_of("a.txt", b"x"))}, "file", "not a Word document"),
        ({"file": ("page.html", b"\xff\xfe<p>x</p>")}, "file", "not UTF-8 text"),
        ({"file": ("empty.txt", b"")}, "file", "empty: the file has no text."),
        ({"file": ("notes.pdf", b"%PDF-1.4")}, "file", "unsupported file type"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    client, api_token, condition_index, data, field, message
):
    token = api_token("app", group="Editors")
    if "file" in data:
        name, content = data["file"]
        data = {"file": SimpleUploadedFile(name, content)}
    response = post(client, token, data)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["errors"][0]["path"] == field
    assert message in problem["detail"]
    assert not ConditionPage.objects.exists()


def test_only_tokens_that_may_create_pages_may_import(client, api_token, condition_index):
    assert client.post(URL, {"text": GOUT}).status_code == 401
    nobody = api_token("nobody")
    response = post(client, nobody, {"text": GOUT})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not ConditionPage.objects.exists()
