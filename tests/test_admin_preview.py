"""Editors see what they publish: the preview panel works under the site's security
headers (the admin, and only the admin, may frame a preview), it shows the page, its
readability and the exact API v3 JSON and JSON-LD it will publish."""

import json

import pytest
from bs4 import BeautifulSoup

from wagtail.test.utils.form_data import rich_text, streamfield

from tests.admin_pages import condition_form, list_block


def edit_preview_url(page):
    return f"/admin/pages/{page.pk}/edit/preview/"


def preview(client, url, form, mode=""):
    """What the preview panel does: POST the form as typed, then GET the preview."""
    posted = client.post(url, form)
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content
    return client.get(url, {"mode": mode, "in_preview_panel": "true"})


def framing(response):
    csp = response.headers.get("Content-Security-Policy", "")
    ancestors = [d.strip() for d in csp.split(";") if d.strip().startswith("frame-ancestors")]
    return ancestors, response.headers.get("X-Frame-Options")


SAME_ORIGIN_ONLY = (["frame-ancestors 'self'"], "SAMEORIGIN")
NOWHERE = (["frame-ancestors 'none'"], "DENY")


def test_page_preview_can_be_framed_by_the_admin_only(editor_client, condition_page):
    response = preview(
        editor_client, edit_preview_url(condition_page), condition_form(title="Draft title")
    )

    assert response.status_code == 200
    assert framing(response) == SAME_ORIGIN_ONLY
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Draft title"
    # The rest of the site's policy stays as strict as on the page itself.
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_new_page_preview_can_be_framed_by_the_admin_only(editor_client, condition_index):
    url = f"/admin/pages/add/condition_pages/conditionpage/{condition_index.pk}/preview/"
    response = preview(editor_client, url, condition_form())

    assert response.status_code == 200
    assert framing(response) == SAME_ORIGIN_ONLY
    assert b"Osteosarcoma" in response.content


def test_revision_preview_can_be_framed_by_the_admin_only(editor_client, condition_page):
    revision = condition_page.save_revision()

    response = editor_client.get(f"/admin/pages/{condition_page.pk}/revisions/{revision.pk}/view/")

    assert response.status_code == 200
    assert framing(response) == SAME_ORIGIN_ONLY
    assert b"Bone metastases" in response.content


def test_block_preview_can_be_framed_by_the_admin_only(editor_client):
    from condition_pages.models import ConditionPage

    symptoms = ConditionPage.body.field.stream_block.child_blocks["symptoms"]

    response = editor_client.get("/admin/block-preview/", {"id": symptoms.definition_prefix})

    assert response.status_code == 200
    assert framing(response) == SAME_ORIGIN_ONLY
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_pages_and_the_admin_itself_can_be_framed_by_nobody(editor_client, client, condition_page):
    public = client.get(condition_page.url)
    assert framing(public) == NOWHERE

    for url in [f"/admin/pages/{condition_page.pk}/edit/", "/admin/", "/api/v3/pages/"]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'self'" not in response.get("Content-Security-Policy", "")


def test_anonymous_visitors_get_no_preview(client, condition_page):
    response = client.get(edit_preview_url(condition_page))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_preview_shows_the_api_v3_json_and_json_ld_of_the_draft(editor_client, condition_page):
    response = preview(
        editor_client, edit_preview_url(condition_page), condition_form(), mode="publish"
    )

    assert response.status_code == 200
    assert framing(response) == SAME_ORIGIN_ONLY
    soup = BeautifulSoup(response.content, "html.parser")
    api_json = json.loads(soup.select_one("[data-publish-preview=api-v3]").get_text())
    json_ld = json.loads(soup.select_one("[data-publish-preview=json-ld]").get_text())
    assert api_json["title"] == "Osteosarcoma"
    assert api_json["also_known_as"] == ["Osteogenic sarcoma"]
    assert api_json["body"][0]["value"]["symptoms"] == [{"name": "Bone pain", "detail": "At night"}]
    assert json_ld["about"]["name"] == "Osteosarcoma"
    assert json_ld["about"]["signOrSymptom"][0]["name"] == "Bone pain"


def test_publish_preview_matches_the_live_api_for_a_published_page(
    editor_client, client, condition_page
):
    revision = condition_page.save_revision()

    response = editor_client.get(
        f"/admin/pages/{condition_page.pk}/revisions/{revision.pk}/view/", {"mode": "publish"}
    )

    soup = BeautifulSoup(response.content, "html.parser")
    api_json = json.loads(soup.select_one("[data-publish-preview=api-v3]").get_text())
    assert api_json == client.get(f"/api/v3/pages/{condition_page.pk}/").json()
    page = BeautifulSoup(client.get(condition_page.url).content, "html.parser")
    published_ld = json.loads(page.select_one('script[type="application/ld+json"]').string)
    json_ld = json.loads(soup.select_one("[data-publish-preview=json-ld]").get_text())
    assert json_ld == published_ld


def test_readability_preview_scores_the_text_as_typed(editor_client, condition_page):
    plain = condition_form(summary="It is a bone cancer. It can hurt.")
    response = preview(editor_client, edit_preview_url(condition_page), plain, "readability")

    assert response.status_code == 200
    score = BeautifulSoup(response.content, "html.parser").select_one("[data-readability-score]")
    assert float(score["data-readability-score"]) >= 60

    jargon = condition_form(
        summary="Osteosarcomatous malignancies predominantly originate within metaphyseal "
        "regions, necessitating multidisciplinary therapeutic interventions."
    )
    response = preview(editor_client, edit_preview_url(condition_page), jargon, "readability")
    score = BeautifulSoup(response.content, "html.parser").select_one("[data-readability-score]")
    assert float(score["data-readability-score"]) < 60
    assert b"necessitating" in response.content  # the hardest passage is named


def test_readability_does_not_score_list_items_too_short_to_score(editor_client, condition_page):
    terms = ["Hypercalcaemia", "Pathological fracture", "Spinal cord compression"]
    body = streamfield(
        [
            (
                "symptoms",
                {
                    "heading": "Symptoms",
                    "anchor": "",
                    "intro": rich_text(
                        "<p>Bone metastases can cause pain and other problems. Your care "
                        "team will check for them and treat them early.</p>"
                    ),
                    "symptoms": list_block([{"name": term, "detail": ""} for term in terms]),
                    "urgent_signs": list_block([]),
                },
            )
        ]
    )
    form = condition_form(summary="A cancer that has spread to the bones.", body=body)
    response = preview(editor_client, edit_preview_url(condition_page), form, "readability")

    soup = BeautifulSoup(response.content, "html.parser")
    passages = [item.get_text() for item in soup.select(".readability-preview__passages li")]
    assert passages and not any(term in text for text in passages for term in terms)
    assert all(float(text.split(":")[0].split()[0]) >= 0 for text in passages), passages
    total = float(soup.select_one("[data-readability-score]")["data-readability-score"])
    assert 0 <= total <= 100


@pytest.mark.parametrize("mode", ["", "readability", "publish"])
def test_every_preview_mode_is_offered_in_the_editor(editor_client, condition_page, mode):
    response = editor_client.get(f"/admin/pages/{condition_page.pk}/edit/")
    soup = BeautifulSoup(response.content, "html.parser")
    options = [option["value"] for option in soup.select("select[name=preview_mode] option")]
    assert mode in options


def test_editor_sees_the_readability_of_the_saved_draft(editor_client, condition_page):
    response = editor_client.get(f"/admin/pages/{condition_page.pk}/edit/")

    panel = BeautifulSoup(response.content, "html.parser").select_one("[data-readability-score]")
    assert panel is not None
    assert "Flesch reading ease" in panel.get_text()
    assert float(panel["data-readability-score"]) > 0
