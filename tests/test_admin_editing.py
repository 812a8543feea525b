"""Editors write condition articles in the Wagtail admin, block by block."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from condition_pages.models import ConditionPage


def list_block(items):
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def condition_form(**overrides):
    fields = {
        "title": "Osteosarcoma",
        "slug": "osteosarcoma",
        "summary": "A cancer that starts in the bones.",
        "also_known_as": "Osteogenic sarcoma",
        "body": streamfield(
            [
                (
                    "symptoms",
                    {
                        "heading": "Symptoms",
                        "anchor": "",
                        "intro": rich_text("<p>Look out for:</p>"),
                        "symptoms": list_block([{"name": "Bone pain", "detail": "At night"}]),
                        "urgent_signs": list_block([]),
                    },
                ),
            ]
        ),
        "related_conditions": inline_formset([]),
        "clinical_codes": inline_formset([]),
        "featured_conditions": inline_formset([]),
        **overrides,
    }
    return nested_form_data(fields)


def add_url(parent):
    return f"/admin/pages/add/condition_pages/conditionpage/{parent.pk}/"


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
