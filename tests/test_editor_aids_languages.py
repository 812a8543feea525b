"""Editor aids in the page's language: no English readability score on Hindi text
(docs/translations.md)."""

from bs4 import BeautifulSoup


def readability_panel(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    return BeautifulSoup(response.content, "html.parser").select_one("[data-readability-score]")


def test_a_hindi_page_gets_no_flesch_score(editor_client, condition_page, translate):
    hindi = translate(condition_page, "hi", summary="जब कैंसर हड्डियों तक फैल जाता है।")
    panel = readability_panel(editor_client, hindi)
    assert panel["data-readability-score"] == ""
    assert "not available for this language" in panel.get_text()
    # The English page keeps its score.
    assert float(readability_panel(editor_client, condition_page)["data-readability-score"]) > 0


def test_the_preview_of_a_hindi_page_is_in_hindi(editor_client, condition_page, translate):
    """The page preview shows the interface text and JSON-LD as Hindi readers get them,
    whatever the editor's admin language."""
    hindi = translate(condition_page, "hi")
    response = editor_client.get(f"/admin/pages/{hindi.pk}/view_draft/")
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "hi"
    assert page.find(id="footer-appointment-heading").get_text() == "किसी विशेषज्ञ से मिलना है?"
