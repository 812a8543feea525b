"""Headless preview: a draft reaches an app front end only through a signed,
expiring token that an editor with edit rights obtained."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from content_api.preview import preview_token

PREVIEW = "/api/v2/page_preview/"


@pytest.fixture
def draft(condition_page):
    condition_page.title = "Bone metastases (draft)"
    condition_page.summary = "An unpublished summary."
    return condition_page.save_revision()


def test_valid_token_shows_the_draft_with_the_live_api_shape(client, draft, condition_page):
    response = client.get(PREVIEW, {"token": preview_token(draft)})
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Bone metastases (draft)"
    assert data["summary"] == "An unpublished summary."
    assert data["id"] == condition_page.pk
    assert {block["type"] for block in data["body"]} >= {"symptoms", "diagnosis", "treatment"}
    assert response["Cache-Control"] == "private, no-store"
    # The live API still shows the published page.
    live = client.get(f"/api/v2/pages/{condition_page.pk}/").json()
    assert live["title"] == "Bone metastases"


@pytest.mark.parametrize(
    "params, reason",
    [
        ({}, "A preview token is required."),
        ({"token": "garbage"}, "This preview token is not valid."),
        ({"token": "eyJyZXZpc2lvbiI6MX0:1vNbHu:forged"}, "This preview token is not valid."),
    ],
)
def test_no_draft_without_a_valid_token(client, draft, params, reason):
    response = client.get(PREVIEW, params)
    assert response.status_code == 403
    assert response.json() == {"message": reason}
    assert b"draft" not in response.content


def test_expired_token_is_refused(client, draft, settings, monkeypatch):
    settings.PREVIEW_TOKEN_MAX_AGE = 60
    issued_at = time.time() - 61
    monkeypatch.setattr(time, "time", lambda: issued_at)
    token = preview_token(draft)
    monkeypatch.undo()

    response = client.get(PREVIEW, {"token": token})
    assert response.status_code == 403
    assert "expired" in response.json()["message"]


def test_token_for_a_deleted_revision_is_refused(client, draft):
    token = preview_token(draft)
    draft.delete()
    assert client.get(PREVIEW, {"token": token}).status_code == 403


def test_editor_gets_a_preview_link_from_the_admin(editor_client, draft):
    response = editor_client.get(f"/admin/condition-pages/{draft.object_id}/app-preview/")
    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == PREVIEW
    preview = editor_client.get(PREVIEW, {"token": parse_qs(target.query)["token"][0]})
    assert preview.json()["title"] == "Bone metastases (draft)"


def test_preview_link_goes_to_the_configured_front_end(admin_client, draft, settings):
    settings.HEADLESS_PREVIEW_URL = "https://app.example.org/preview?token={token}"
    response = admin_client.get(f"/admin/condition-pages/{draft.object_id}/app-preview/")
    assert response.url.startswith("https://app.example.org/preview?token=")


def test_preview_link_needs_edit_permission(client, django_user_model, draft):
    response = client.get(f"/admin/condition-pages/{draft.object_id}/app-preview/")
    assert response.status_code == 302 and "/admin/login/" in response.url

    reader = django_user_model.objects.create_user("reader", password="x")
    client.force_login(reader)
    response = client.get(f"/admin/condition-pages/{draft.object_id}/app-preview/")
    assert response.status_code in (302, 403)
    assert PREVIEW not in response.get("Location", "")


def test_editor_sees_the_preview_button_in_the_page_header(admin_client, condition_page):
    response = admin_client.get(f"/admin/pages/{condition_page.pk}/edit/")
    assert f"/admin/condition-pages/{condition_page.pk}/app-preview/" in response.content.decode()
