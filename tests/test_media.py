"""Uploaded media in the single-server deploy: images are served from MEDIA_ROOT with
cache headers, documents only through Wagtail's view that checks their privacy."""

import io

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage
from wagtail_factories import DocumentFactory

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db


def png(width=1200, height=900):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("spine x-ray.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def uploaded_image(editor_client):
    """An image uploaded through the admin by an editor, as editors do."""
    response = editor_client.post(
        "/admin/images/add/",
        {"title": "Spine", "description": "X-ray of the lower spine", "file": png()},
    )
    assert response.status_code == 302, response.content
    return get_image_model().objects.get(title="Spine")


def test_an_uploaded_image_rendition_is_served_with_long_cache_headers(
    uploaded_image, condition_page
):
    condition_page.hero_image = uploaded_image
    condition_page.save_revision().publish()
    visitor = Client()

    page = BeautifulSoup(visitor.get(condition_page.url).content, "html.parser")
    rendition_url = page.select_one("img.condition__hero")["src"]
    assert rendition_url.startswith("/media/images/")
    rendition = visitor.get(rendition_url)

    assert rendition.status_code == 200
    assert rendition["Content-Type"] == "image/png"
    assert rendition["Cache-Control"] == "public, max-age=31536000, immutable"
    assert PILImage.open(io.BytesIO(b"".join(rendition.streaming_content))).width == 960


def test_an_api_rendition_url_serves_the_image(uploaded_image, condition_page):
    condition_page.hero_image = uploaded_image
    condition_page.save_revision().publish()
    visitor = Client()

    api = visitor.get(f"/api/v2/pages/{condition_page.pk}/").json()
    url = api["hero_image"]["renditions"]["thumbnail"]["url"]
    response = visitor.get(url.removeprefix("http://testserver"))

    assert response.status_code == 200
    image = PILImage.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.size == (400, 300)


def test_an_original_image_is_served_with_a_shorter_cache(uploaded_image):
    response = Client().get(uploaded_image.file.url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"


def test_a_missing_image_is_a_404(db, client):
    assert client.get("/media/images/nothing-here.fill-400x300.png").status_code == 404


def test_documents_are_never_served_from_the_media_folder(client):
    document = DocumentFactory(title="Leaflet")
    assert document.file.name.startswith("documents/")

    assert client.get(f"/media/{document.file.name}").status_code == 404
    # Nor by climbing out of the images folder.
    assert client.get(f"/media/images/..%2F{document.file.name}").status_code == 404
    assert client.get(f"/media/images/%2E%2E/{document.file.name}").status_code == 404


def test_a_public_document_is_served_by_wagtails_view(client):
    document = DocumentFactory(title="Leaflet")

    response = client.get(document.url)

    assert document.url.startswith("/documents/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == document.file.open().read()


def test_a_private_document_is_not_served_to_visitors(client):
    staff_only = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(collection=staff_only, restriction_type="login")
    document = DocumentFactory(title="Rota", collection=staff_only)

    response = client.get(document.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/")
    assert client.get(f"/media/{document.file.name}").status_code == 404
