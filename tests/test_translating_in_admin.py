"""Translators work in the admin with wagtail-localize: a condition page goes to Hindi
field by field and block by block, round-trips through a PO file for an outside
agency, and is then approved in the Medical review by a clinician who reads Hindi
(docs/translations.md)."""

import polib
import pytest
from wagtail_localize.models import Translation

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import Locale

from clinical_review.medical_review import approve_as
from condition_pages.models import ConditionPage

HINDI_SUMMARY = "जब कैंसर शरीर के किसी दूसरे हिस्से से हड्डियों तक फैल जाता है।"


@pytest.fixture
def hindi():
    return Locale.objects.get(language_code="hi")


def test_an_editor_translates_a_page_through_a_po_file_and_a_hindi_reviewer_approves_it(
    client,
    editor_client,
    condition_page,
    hindi,
    hindi_reviewer,
    django_capture_on_commit_callbacks,
):
    # Submit the article for translation; its home and index pages follow as aliases
    # of the English ones until they are translated themselves. The new translation is
    # a draft, also once the request's on-commit work has run (where wagtail-localize
    # would publish a live page's untranslated copy).
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/localize/submit/page/{condition_page.pk}/",
            {"locales": [hindi.pk], "include_subtree": ""},
        )
    assert response.status_code == 302
    draft = condition_page.get_translation(hindi)
    assert not draft.live
    assert client.get("/hi/conditions/bone-metastases/").status_code == 404

    # The editor opens the translation beside the English text.
    assert editor_client.get(f"/admin/pages/{draft.pk}/edit/").status_code == 200

    # The agency receives a PO file with every segment of the page, blocks included.
    translation = Translation.objects.get(
        source__object_id=condition_page.translation_key, target_locale=hindi
    )
    response = editor_client.get(f"/admin/localize/translate/{translation.pk}/pofile/download/")
    po = polib.pofile(response.content.decode())
    sources = [entry.msgid for entry in po]
    assert condition_page.summary in sources
    assert any("body." in entry.msgctxt for entry in po)

    # ... and sends it back translated; the editor uploads it.
    for entry in po:
        entry.msgstr = HINDI_SUMMARY if entry.msgid == condition_page.summary else entry.msgid
    upload = SimpleUploadedFile(
        "hi.po", str(po).encode(), content_type="text/x-gettext-translation"
    )
    response = editor_client.post(
        f"/admin/localize/translate/{translation.pk}/pofile/upload/",
        {"file": upload, "next": f"/admin/pages/{draft.pk}/edit/"},
    )
    assert response.status_code == 302

    # The editor submits it to the Medical review from the page's "More" menu.
    submit_url = f"/admin/translations/{translation.pk}/submit-for-review/"
    listing = editor_client.get(f"/admin/pages/{draft.get_parent().pk}/").content.decode()
    assert submit_url in listing
    assert editor_client.post(submit_url).status_code == 302

    # Nothing is live until a clinician who reads Hindi approves it.
    assert client.get("/hi/conditions/bone-metastases/").status_code == 404
    approve_as(ConditionPage.objects.get(pk=draft.pk), hindi_reviewer)
    page = client.get("/hi/conditions/bone-metastases/")
    assert page.status_code == 200
    assert HINDI_SUMMARY in page.content.decode()
