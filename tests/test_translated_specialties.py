"""Specialties in Hindi and Marathi (docs/translations.md): a name is translated in the
admin, the slug is every language's; a page is filed under its English page's
specialties and shows their names in its own language, English until translated."""

import pytest
from bs4 import BeautifulSoup

from django.test import Client

from wagtail.models import Locale

from condition_pages.models import Specialty
from tests.factories.conditions import SpecialtyFactory
from tests.translating import submit_for_translation, translate_through_po

ONCOLOGY_HI = "कैंसर चिकित्सा"


@pytest.fixture
def pages(condition_page, translate):
    oncology = SpecialtyFactory(name="Oncology", slug="oncology")
    condition_page.specialties.add(oncology)
    condition_page.save_revision().publish()
    return {
        "en": condition_page,
        "hi": translate(condition_page, "hi", title="हड्डियों में फैला कैंसर"),
        "mr": translate(condition_page, "mr", title="हाडांमध्ये पसरलेला कर्करोग"),
        "oncology": oncology,
    }


def specialties(page):
    """The page's specialties in API v2 and v3."""
    client = Client()
    return {
        "v2": client.get(f"/api/v2/pages/{page.pk}/").json()["specialties"],
        "v3": client.get(f"/api/v3/pages/{page.pk}/").json()["specialties"],
    }


def named(name):
    return {"v2": [{"name": name, "slug": "oncology"}], "v3": [{"name": name, "slug": "oncology"}]}


def translate_oncology(admin_client, oncology, capture_on_commit):
    """As a translator does: Translate, fill the name, then Publish in the editor."""
    hindi = Locale.objects.get(language_code="hi")
    translation = submit_for_translation(admin_client, oncology, hindi, capture_on_commit)
    translate_through_po(admin_client, translation, {"Oncology": ONCOLOGY_HI})
    draft = oncology.get_translation(hindi)
    edit = f"/admin/snippets/condition_pages/specialty/edit/{draft.pk}/"
    with capture_on_commit(execute=True):
        assert admin_client.post(edit, {"action": "publish"}).status_code == 302


def test_a_page_names_its_specialties_in_its_language(
    pages, admin_client, django_capture_on_commit_callbacks
):
    # Read once before the translation, so that a cached answer would show.
    assert specialties(pages["hi"]) == named("Oncology")

    translate_oncology(admin_client, pages["oncology"], django_capture_on_commit_callbacks)

    assert specialties(pages["hi"]) == named(ONCOLOGY_HI)
    assert specialties(pages["en"]) == named("Oncology")
    assert specialties(pages["mr"]) == named("Oncology")  # not translated into Marathi


def test_the_hindi_a_to_z_filters_by_the_hindi_name(
    pages, admin_client, django_capture_on_commit_callbacks
):
    translate_oncology(admin_client, pages["oncology"], django_capture_on_commit_callbacks)
    client = Client()

    soup = BeautifulSoup(client.get("/hi/conditions/").content, "html.parser")
    options = [option.get_text() for option in soup.select("#specialty option[value=oncology]")]
    assert options == [ONCOLOGY_HI]
    filtered = client.get("/hi/conditions/?specialty=oncology").content.decode()
    assert ONCOLOGY_HI in filtered
    assert "हड्डियों में फैला कैंसर" in filtered
    english = BeautifulSoup(client.get("/conditions/").content, "html.parser")
    assert english.select_one("#specialty option[value=oncology]").get_text() == "Oncology"


def test_pages_are_filed_under_english_specialties_only(
    pages, admin_client, django_capture_on_commit_callbacks
):
    translate_oncology(admin_client, pages["oncology"], django_capture_on_commit_callbacks)
    assert Specialty.objects.filter(slug="oncology").count() == 2

    form = BeautifulSoup(
        admin_client.get(f"/admin/pages/{pages['en'].pk}/edit/").content, "html.parser"
    )
    choices = [option.get_text() for option in form.select("select[name=specialties] option")]
    assert choices == ["Oncology"]
    # The API's writes name a specialty by its slug: the English one is filed.
    assert [s.name for s in pages["en"].specialties.all()] == ["Oncology"]
