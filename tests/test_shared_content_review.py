"""Shared content that patients read on condition pages changes only through the
Medical review: an editor's change to a reusable call to action is a draft, invisible
on live pages (HTML, API v2, API v3, JSON-LD) until a clinical reviewer approves it."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from django.core.files.base import ContentFile
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from condition_pages.models import CallToAction
from tests.factories.conditions import CallToActionFactory, stream

SNIPPETS = "/admin/snippets/condition_pages/calltoaction"


@pytest.fixture
def page_with_cta(condition_page):
    """A live condition page showing a published reusable call to action."""
    snippet = CallToActionFactory(headline="Call our helpline", link_phone="+91 22 1234 5678")
    condition_page.body = stream(
        "reusable_call_to_action", **{"0__reusable_call_to_action__snippet": snippet}
    )
    condition_page.save_revision().publish()
    return condition_page, snippet


def cta_form(**overrides):
    return {
        "headline": "Call our helpline",
        "text": "",
        "button_label": "Call us",
        "link_page": "",
        "link_url": "",
        "link_phone": "+91 22 1234 5678",
        **overrides,
    }


def what_patients_read(page):
    """The page's HTML, its JSON-LD and its body in API v2 and v3, as anyone reads them."""
    client = Client()
    html = client.get(page.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    json_ld = soup.find("script", type="application/ld+json").string
    v2 = json.dumps(client.get(f"/api/v2/pages/{page.pk}/").json()["body"])
    v3 = json.dumps(client.get(f"/api/v3/pages/{page.pk}/").json()["body"])
    return {"html": html, "json-ld": json_ld, "v2": v2, "v3": v3}


def approve(client, snippet):
    task_state = CallToAction.objects.get(pk=snippet.pk).current_workflow_task_state
    url = f"{SNIPPETS}/workflow/action/{snippet.pk}/approve/{task_state.pk}/"
    return client.post(url, {"comment": ""})


def test_an_editors_change_to_a_call_to_action_waits_for_approval(
    page_with_cta, editor_client, reviewer_client
):
    page, snippet = page_with_cta
    response = editor_client.post(
        f"{SNIPPETS}/edit/{snippet.pk}/",
        cta_form(headline="Call 1800 000 000 now", **{"action-submit": "1"}),
    )
    assert response.status_code == 302

    snippet = CallToAction.objects.get(pk=snippet.pk)
    assert snippet.current_workflow_state.workflow.name == "Medical review"
    for face, text in what_patients_read(page).items():
        assert "Call 1800 000 000 now" not in text, face
    assert "Call our helpline" in what_patients_read(page)["html"]

    assert approve(reviewer_client, snippet).status_code == 302
    for face in ("html", "v2", "v3"):
        assert "Call 1800 000 000 now" in what_patients_read(page)[face], face


def test_a_new_call_to_action_shows_nowhere_until_approved(
    condition_page, editor_client, reviewer_client
):
    response = editor_client.post(
        f"{SNIPPETS}/add/", cta_form(headline="Free screening camp", **{"action-submit": "1"})
    )
    assert response.status_code == 302
    snippet = CallToAction.objects.get(headline="Free screening camp")
    assert not snippet.live
    # A page that chose it (as an API write or a publisher might) still shows nothing.
    condition_page.body = stream(
        "reusable_call_to_action", **{"0__reusable_call_to_action__snippet": snippet}
    )
    condition_page.save_revision().publish()
    for face, text in what_patients_read(condition_page).items():
        assert "Free screening camp" not in text, face

    approve(reviewer_client, snippet)
    assert "Free screening camp" in what_patients_read(condition_page)["html"]


def test_editors_can_neither_publish_nor_delete_a_call_to_action(page_with_cta, editor_client):
    page, snippet = page_with_cta
    edit = editor_client.get(f"{SNIPPETS}/edit/{snippet.pk}/").content.decode()
    assert 'name="action-publish"' not in edit
    editor_client.post(
        f"{SNIPPETS}/edit/{snippet.pk}/",
        cta_form(headline="Published around the review", **{"action-publish": "1"}),
    )
    assert "Published around the review" not in what_patients_read(page)["html"]

    editor_client.post(f"{SNIPPETS}/delete/{snippet.pk}/")
    assert CallToAction.objects.filter(pk=snippet.pk).exists()


@pytest.fixture
def hero_image(condition_page):
    image = ImageFactory(
        title="Bone scan",
        description="A bone scan of the spine",
        collection=Collection.get_first_root_node(),
    )
    condition_page.hero_image = image
    condition_page.save_revision().publish()
    return image


def image_form(image, **overrides):
    return {
        "title": image.title,
        "description": image.description,
        "collection": str(image.collection_id),
        "tags": "",
        "focal_point_x": "",
        "focal_point_y": "",
        "focal_point_width": "",
        "focal_point_height": "",
        **overrides,
    }


def test_an_editor_cannot_change_an_image_a_live_page_shows(
    condition_page, hero_image, editor_client
):
    response = editor_client.post(
        f"/admin/images/{hero_image.pk}/",
        image_form(hero_image, description="An unreviewed description"),
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "only a clinical reviewer may change" in response.content.decode()
    for face, text in what_patients_read(condition_page).items():
        assert "An unreviewed description" not in text, face


def test_a_reviewer_changes_an_image_a_live_page_shows(condition_page, hero_image, reviewer_client):
    response = reviewer_client.post(
        f"/admin/images/{hero_image.pk}/",
        image_form(hero_image, description="A bone scan showing the spine"),
    )
    assert response.status_code == 302
    assert "A bone scan showing the spine" in what_patients_read(condition_page)["html"]


def test_an_editor_changes_an_image_no_live_page_shows(condition_page, editor_client):
    image = ImageFactory(
        title="Ward", description="A ward", collection=Collection.get_first_root_node()
    )
    response = editor_client.post(
        f"/admin/images/{image.pk}/", image_form(image, description="A quiet hospital ward")
    )
    assert response.status_code == 302


def test_an_editor_cannot_delete_an_image_a_live_page_shows(
    condition_page, hero_image, editor_client
):
    editor_client.post(f"/admin/images/{hero_image.pk}/delete/")
    assert type(hero_image).objects.filter(pk=hero_image.pk).exists()
    assert "A bone scan of the spine" in what_patients_read(condition_page)["html"]


def new_document(title):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 leaflet", name="leaflet.pdf"),
        collection=Collection.get_first_root_node(),
    )


@pytest.fixture
def linked_document(condition_page):
    """A document that a live condition page links to in its body."""
    document = new_document("Leaflet: living with bone metastases")
    condition_page.body = stream(
        "section",
        **{
            "0__section__body": RichText(
                f'<p>Read <a linktype="document" id="{document.pk}">our leaflet</a>.</p>'
            )
        },
    )
    condition_page.save_revision().publish()
    return document


def document_form(document, **overrides):
    return {
        "title": document.title,
        "collection": str(document.collection_id),
        "tags": "",
        **overrides,
    }


def test_an_editor_cannot_replace_or_retitle_a_document_a_live_page_links(
    condition_page, linked_document, editor_client
):
    url = f"/admin/documents/edit/{linked_document.pk}/"
    for change in (
        {"file": ContentFile(b"%PDF-1.4 unreviewed", name="unreviewed.pdf")},
        {"title": "An unreviewed leaflet"},
    ):
        response = editor_client.post(url, document_form(linked_document, **change))
        assert response.status_code == 200  # the form again, with the reason
        assert "only a clinical reviewer may change" in response.content.decode()
    linked_document.refresh_from_db()
    assert linked_document.title == "Leaflet: living with bone metastases"
    assert linked_document.file.read() == b"%PDF-1.4 leaflet"


def test_an_editor_cannot_delete_a_document_a_live_page_links(
    condition_page, linked_document, editor_client
):
    editor_client.post(f"/admin/documents/delete/{linked_document.pk}/")
    assert get_document_model().objects.filter(pk=linked_document.pk).exists()
    # Nor in bulk, from the document listing.
    editor_client.post(
        f"/admin/bulk/wagtaildocs/document/delete/?id={linked_document.pk}",
    )
    assert get_document_model().objects.filter(pk=linked_document.pk).exists()


def test_an_editors_app_cannot_delete_a_document_a_live_page_links(
    client, condition_page, linked_document, api_token
):
    token = api_token("editor", group="Editors")
    response = client.delete(
        f"/api/v3/documents/{linked_document.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 403
    assert get_document_model().objects.filter(pk=linked_document.pk).exists()


def test_a_reviewer_replaces_a_document_a_live_page_links(
    condition_page, linked_document, reviewer_client
):
    response = reviewer_client.post(
        f"/admin/documents/edit/{linked_document.pk}/",
        document_form(
            linked_document,
            title="Leaflet (2027 edition)",
            file=ContentFile(b"%PDF-1.4 reviewed", name="reviewed.pdf"),
        ),
    )
    assert response.status_code == 302
    linked_document.refresh_from_db()
    assert linked_document.file.read() == b"%PDF-1.4 reviewed"


def test_an_editor_changes_and_deletes_a_document_no_live_page_links(condition_page, editor_client):
    document = new_document("Visiting hours")
    response = editor_client.post(
        f"/admin/documents/edit/{document.pk}/",
        document_form(document, file=ContentFile(b"new hours", name="hours.txt")),
    )
    assert response.status_code == 302
    editor_client.post(f"/admin/documents/delete/{document.pk}/")
    assert not get_document_model().objects.filter(pk=document.pk).exists()


def test_editors_cannot_change_clinicians(editor_client, reviewer):
    clinician = reviewer.clinician
    url = f"/admin/snippets/condition_pages/clinician/edit/{clinician.pk}/"
    response = editor_client.post(url, {"name": "Dr Someone Else", "role": "Surgeon"})
    assert response.status_code in (302, 403)
    clinician.refresh_from_db()
    assert clinician.name == "Dr Meera Iyer"
