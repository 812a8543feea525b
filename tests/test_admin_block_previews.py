"""Every block in the editor's block chooser shows a preview of itself, rendered by its
own template with the site's stylesheet."""

import html

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from condition_pages.models import CallToAction, ConditionPage

STREAM = ConditionPage.body.field.stream_block

# What some blocks' previews show: their sample content, through their own template.
# Every block of the article is previewed, listed here or not.
PREVIEWS = {
    "symptoms": ("section.block--symptoms", "Sudden weakness or numbness in the legs"),
    "diagnosis": ("section", "Pictures of your bones."),
    "treatment": ("section", "High-energy beams that kill cancer cells."),
    "prognosis": ("section", "The outlook depends on many factors."),
    "section": ("section", "Plain-language text about the condition."),
    "callout": (".callout", "you suddenly cannot move your legs."),
    "image": ("figure.block--image", "A caption under the image."),
    "faq": ("section", "Is it painful?"),
    "references": ("section", "Coleman RE. Clin Cancer Res. 2006."),
    "call_to_action": ("aside.cta", "Expert cancer care is one call away"),
    "reusable_call_to_action": ("aside.cta", "Second opinions within a week"),
}


def preview_url(name):
    return f"/admin/block-preview/?id={STREAM.child_blocks[name].definition_prefix}"


def test_every_block_of_the_article_has_a_preview():
    assert set(PREVIEWS) <= set(STREAM.child_blocks)
    assert all(block.is_previewable for block in STREAM.child_blocks.values())


@pytest.mark.parametrize("name", STREAM.child_blocks)
def test_block_preview_renders_the_block_with_the_site_stylesheet(editor_client, name):
    ImageFactory(title="drip", description="A nurse setting up a drip")
    CallToAction.objects.create(
        headline="Second opinions within a week",
        button_label="Ask for one",
        link_phone="+91 22 1234 5678",
    )

    response = editor_client.get(preview_url(name))

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    selector, text = PREVIEWS.get(name, ("*", ""))
    rendered = soup.select_one(f"main {selector}")
    assert rendered is not None, response.content
    assert text in rendered.get_text(" ")
    assert rendered.get_text(strip=True)
    assert soup.select_one('link[rel=stylesheet][href$="site.css"]')


def test_image_block_preview_shows_an_image_with_its_alt_text(editor_client):
    ImageFactory(title="drip", description="A nurse setting up a drip")

    soup = BeautifulSoup(editor_client.get(preview_url("image")).content, "html.parser")

    assert soup.select_one("figure img")["alt"] == "A nurse setting up a drip"


def test_reusable_call_to_action_preview_works_before_any_is_written(editor_client):
    soup = BeautifulSoup(
        editor_client.get(preview_url("reusable_call_to_action")).content, "html.parser"
    )

    assert "Expert cancer care is one call away" in soup.select_one("aside.cta").get_text()


def test_block_previews_are_for_signed_in_editors_only(client, db):
    response = client.get(preview_url("symptoms"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_chooser_offers_a_preview_of_each_block(editor_client, condition_page):
    response = editor_client.get(f"/admin/pages/{condition_page.pk}/edit/")
    html = response.content.decode()
    for block in STREAM.child_blocks.values():
        marker = (
            f"&quot;blockDefId&quot;: &quot;{block.definition_prefix}&quot;, "
            "&quot;isPreviewable&quot;: true"
        )
        assert marker in html, block.name


SECTIONS = ["symptoms", "diagnosis", "treatment", "prognosis", "section", "faq", "references"]


@pytest.mark.parametrize("name", SECTIONS)
def test_a_new_section_starts_in_the_editor_with_the_heading_its_preview_shows(
    editor_client, condition_index, name
):
    preview = BeautifulSoup(editor_client.get(preview_url(name)).content, "html.parser")
    heading = preview.select_one("section h2").get_text(strip=True)
    assert heading

    # The editor's page form carries each block type's starting value for a new block.
    add = editor_client.get(f"/admin/pages/add/condition_pages/conditionpage/{condition_index.pk}/")
    assert f'"{name}": {{"heading": "{heading}"' in html.unescape(add.content.decode())
