"""Editors write condition articles in the Wagtail admin, block by block."""

from condition_pages.models import ConditionPage
from tests.admin_pages import add_url, condition_form


def test_editor_opens_the_condition_page_editor(editor_client, condition_index):
    response = editor_client.get(add_url(condition_index))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ["Symptoms", "Diagnosis", "Treatment", "Prognosis", "Call to action"]:
        assert label in html
    assert "Medical review" in html  # the governance tab


def test_editor_saves_a_structured_draft_that_stays_private(editor_client, client, condition_index):
    response = editor_client.post(add_url(condition_index), condition_form())
    assert response.status_code == 302, response.context["form"].errors

    page = ConditionPage.objects.get(slug="osteosarcoma")
    assert not page.live
    draft = page.get_latest_revision_as_object()
    [symptoms] = draft.body
    assert symptoms.value["symptoms"][0]["name"] == "Bone pain"

    client.logout()
    assert client.get("/conditions/osteosarcoma/").status_code == 404
    api = client.get("/api/v2/pages/?type=condition_pages.ConditionPage").json()
    assert "Osteosarcoma" not in [item["title"] for item in api["items"]]


def test_invalid_article_is_refused_with_errors_and_nothing_saved(editor_client, condition_index):
    form = condition_form(summary="x" * 301, slug="not a slug")
    response = editor_client.post(add_url(condition_index), form)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "summary" in errors
    assert "slug" in errors
    assert not ConditionPage.objects.filter(slug="osteosarcoma").exists()


def test_the_image_block_refuses_a_file_name_as_alt_text(editor_client, condition_index):
    from wagtail_factories import ImageFactory

    from wagtail.test.utils.form_data import streamfield

    image = ImageFactory()
    file_name = image.file.name.rsplit("/", 1)[-1]
    block = {"image": {"image": image.pk, "decorative": "", "alt_text": file_name}, "caption": ""}
    form = condition_form(body=streamfield([("image", block)]))
    response = editor_client.post(add_url(condition_index), form)
    assert response.status_code == 200  # the form again, with the error
    assert "not its file name" in response.content.decode()
    assert not ConditionPage.objects.filter(slug="osteosarcoma").exists()

    page = editor_client.get(add_url(condition_index)).content.decode()
    assert "Picture and alt text" in page
