"""Small things that trip editors up: where a field sits, what a list item is called,
what a link needs, and real alt text on every image."""

import io
import re
from html import unescape

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model


def edit_page(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return response


def test_also_known_as_is_written_on_the_content_tab(editor_client, condition_page):
    soup = BeautifulSoup(edit_page(editor_client, condition_page).content, "html.parser")

    assert soup.select_one("#tab-content [name=also_known_as]") is not None
    assert soup.select_one("#tab-promote [name=also_known_as]") is None


def block_definitions(response):
    """The stream's block definitions as the editor's JavaScript receives them."""
    return unescape(response.content.decode())


def test_urgent_help_items_have_a_label(editor_client, condition_page):
    definitions = block_definitions(edit_page(editor_client, condition_page))

    assert re.search(
        r'"label": "Urgent sign", "description": \{"_val": "e\.g\. Sudden', definitions
    )


def test_call_to_action_link_says_exactly_one_target_is_needed(editor_client, condition_page):
    definitions = block_definitions(edit_page(editor_client, condition_page))

    assert "Fill in exactly one: a page, a web address or a phone number." in definitions
    assert "A page of this site." in definitions
    assert "a tap-to-call link on phones." in definitions


def png(name="drip.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def add_image(client, **fields):
    return client.post("/admin/images/add/", {"title": "drip", "file": png(), **fields})


@pytest.mark.parametrize("alt_text", ["", "drip", "drip.png"])
def test_an_image_needs_alt_text_that_is_not_its_file_name(editor_client, alt_text):
    response = add_image(editor_client, description=alt_text)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "description" in errors
    assert not get_image_model().objects.exists()
    # What the editor typed is kept.
    assert BeautifulSoup(response.content, "html.parser").select_one("[name=title]")["value"] == (
        "drip"
    )


def test_an_image_with_real_alt_text_is_saved_and_offered_as_such(editor_client):
    response = add_image(editor_client, description="A nurse setting up a drip")

    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert image.default_alt_text == "A nurse setting up a drip"
    # What the image block pre-fills as alt text when the image is chosen.
    chosen = editor_client.get(f"/admin/images/chooser/chosen/{image.pk}/")
    assert chosen.json()["result"]["default_alt_text"] == "A nurse setting up a drip"


def test_multiple_upload_asks_for_alt_text_before_the_image_exists(editor_client):
    response = editor_client.post("/admin/images/multiple/add/", {"files[]": png()})

    assert response.status_code == 200
    data = response.json()
    assert data["success"]
    assert not get_image_model().objects.exists()
    form = BeautifulSoup(data["form"], "html.parser")
    assert "Alt text" in form.get_text()


def test_chooser_upload_needs_alt_text(editor_client):
    def upload(**fields):
        data = {"title": "drip", "file": png(), **fields}
        return editor_client.post(
            "/admin/images/chooser/create/",
            {f"image-chooser-upload-{name}": value for name, value in data.items()},
        )

    assert upload().json()["step"] == "reshow_creation_form"
    assert not get_image_model().objects.exists()

    assert upload(description="A nurse setting up a drip").json()["step"] == "chosen"
    assert get_image_model().objects.get().description == "A nurse setting up a drip"
