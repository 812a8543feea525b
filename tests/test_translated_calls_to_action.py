"""Reusable calls to action in Hindi and Marathi (docs/translations.md): translated in
the admin like a page, approved in the Medical review by a clinician who reads the
language; until then a translated page shows its English call to action."""

import json

import pytest
from bs4 import BeautifulSoup

from django.test import Client

from wagtail.models import Locale

from condition_pages.models import CallToAction
from tests.admin_pages import signed_in
from tests.factories.conditions import CallToActionFactory, stream
from tests.translating import submit_for_translation, translate_through_po

SNIPPETS = "/admin/snippets/condition_pages/calltoaction"
HINDI = {
    "Book a bone scan": "हड्डी की जाँच बुक करें",
    "We call you back within a day.": "हम एक दिन के भीतर आपको फ़ोन करेंगे।",
    "Call us": "हमें फ़ोन करें",
}


@pytest.fixture
def hindi(db):
    return Locale.objects.get(language_code="hi")


@pytest.fixture
def pages(condition_page, translate):
    """The article in English, Hindi and Marathi, each showing the English call to action."""
    snippet = CallToActionFactory(
        headline="Book a bone scan",
        text="We call you back within a day.",
        button_label="Call us",
        link_phone="+91 22 1234 5678",
    )
    condition_page.body = stream(
        "reusable_call_to_action", **{"0__reusable_call_to_action__snippet": snippet}
    )
    condition_page.save_revision().publish()
    return {
        "en": condition_page,
        "hi": translate(condition_page, "hi", title="हड्डियों में फैला कैंसर"),
        "mr": translate(condition_page, "mr", title="हाडांमध्ये पसरलेला कर्करोग"),
        "snippet": snippet,
    }


def call_to_action(page):
    """The call to action as patients and apps read it: HTML, API v2, API v3."""
    client = Client()
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    cta = soup.select_one("aside.cta")
    [v2] = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
    [v3] = client.get(f"/api/v3/pages/{page.pk}/").json()["body"]
    return {
        "html": cta.select_one(".cta__headline").get_text() if cta else None,
        "v2": v2["value"] and v2["value"]["headline"],
        "v3": v3["value"] and v3["value"]["headline"],
    }


def everywhere(headline):
    return {"html": headline, "v2": headline, "v3": headline}


def test_a_translated_call_to_action_shows_on_translated_pages_once_a_hindi_reviewer_approves_it(
    pages, hindi, editor_client, hindi_reviewer, reviewer, django_capture_on_commit_callbacks
):
    for language in ("en", "hi", "mr"):
        assert call_to_action(pages[language]) == everywhere("Book a bone scan"), language

    # An editor has it translated; the new Hindi call to action is a draft.
    translation = submit_for_translation(
        editor_client, pages["snippet"], hindi, django_capture_on_commit_callbacks
    )
    draft = pages["snippet"].get_translation(hindi)
    assert not draft.live
    translate_through_po(editor_client, translation, HINDI)
    # Editors cannot publish it from the translation editor...
    editor_client.post(f"{SNIPPETS}/edit/{draft.pk}/", {"action": "publish"})
    assert not CallToAction.objects.get(pk=draft.pk).live
    assert call_to_action(pages["hi"]) == everywhere("Book a bone scan")

    # ... they submit it to the Medical review, from its row's "More" menu.
    listing = editor_client.get(f"{SNIPPETS}/?locale=hi").content.decode()
    submit_url = f"/admin/translations/{translation.pk}/submit-for-review/"
    assert submit_url in listing
    assert editor_client.post(submit_url).status_code == 302
    draft = CallToAction.objects.get(pk=draft.pk)
    assert draft.current_workflow_state.workflow.name == "Medical review"
    assert not draft.live
    assert call_to_action(pages["hi"]) == everywhere("Book a bone scan")

    # A clinician who does not read Hindi cannot approve it; one who does can.
    task_state = draft.current_workflow_task_state
    approve = f"{SNIPPETS}/workflow/action/{draft.pk}/approve/{task_state.pk}/"
    signed_in(reviewer).post(approve, {"comment": ""})
    assert not CallToAction.objects.get(pk=draft.pk).live
    assert signed_in(hindi_reviewer).post(approve, {"comment": ""}).status_code == 302

    assert CallToAction.objects.get(pk=draft.pk).live
    assert call_to_action(pages["hi"]) == everywhere("हड्डी की जाँच बुक करें")
    # The Hindi page shows all of it; English and Marathi pages keep the English one.
    html = Client().get(pages["hi"].url).content.decode()
    assert "हम एक दिन के भीतर आपको फ़ोन करेंगे।" in html
    assert "हमें फ़ोन करें" in html
    assert call_to_action(pages["en"]) == everywhere("Book a bone scan")
    assert call_to_action(pages["mr"]) == everywhere("Book a bone scan")


def test_a_translation_with_untranslated_text_is_not_submitted(
    pages, hindi, editor_client, django_capture_on_commit_callbacks
):
    translation = submit_for_translation(
        editor_client, pages["snippet"], hindi, django_capture_on_commit_callbacks
    )
    only_the_headline = {"Book a bone scan": HINDI["Book a bone scan"]}
    translate_through_po(editor_client, translation, only_the_headline, others_as_they_are=False)
    submit_url = f"/admin/translations/{translation.pk}/submit-for-review/"

    assert "still untranslated" in editor_client.get(submit_url).content.decode()
    response = editor_client.post(submit_url, follow=True)
    assert "are not translated yet" in response.content.decode()
    assert pages["snippet"].get_translation(hindi).current_workflow_state is None


def test_a_published_english_edit_shows_on_translated_pages_without_their_own(pages, reviewer):
    snippet = pages["snippet"]
    snippet.headline = "Book a bone scan today"
    snippet.save_revision().publish()

    assert call_to_action(pages["mr"]) == everywhere("Book a bone scan today")
    assert json.dumps(call_to_action(pages["hi"]), ensure_ascii=False).count("today") == 3


def test_the_change_feed_names_the_pages_a_translated_call_to_action_changes(
    client, pages, hindi, reviewer
):
    since = client.get("/api/v3/changes/").json()["cursor"]
    # A Hindi version, approved (published): wagtail-localize left the Hindi page
    # choosing the English one, whose Hindi version it now shows.
    hindi_cta = pages["snippet"].copy_for_translation(hindi)
    hindi_cta.headline = HINDI["Book a bone scan"]
    hindi_cta.save()
    hindi_cta.save_revision().publish()

    answer = client.get("/api/v3/changes/", {"since": since}).json()
    changed = {item["id"] for item in answer["items"] if item["change"] == "embedded_changed"}
    assert pages["hi"].pk in changed
    assert call_to_action(pages["hi"])["v3"] == HINDI["Book a bone scan"]


@pytest.mark.parametrize("chosen", ["english", "hindi"])
def test_a_translation_older_than_its_english_shows_the_english_until_approved_again(
    pages, hindi, translate, chosen
):
    hindi_cta = pages["snippet"].copy_for_translation(hindi)
    hindi_cta.headline = HINDI["Book a bone scan"]
    hindi_cta.save()
    hindi_cta.save_revision().publish()  # approved, as the Medical review publishes
    if chosen == "hindi":  # as wagtail-localize leaves the page once it is synced again
        body = stream(
            "reusable_call_to_action", **{"0__reusable_call_to_action__snippet": hindi_cta}
        )
        pages["hi"] = translate(pages["en"], "hi", body=body)
    assert call_to_action(pages["hi"]) == everywhere(HINDI["Book a bone scan"])

    # The English one is corrected and approved: the Hindi text is now last year's.
    english = CallToAction.objects.get(pk=pages["snippet"].pk)
    english.headline = "Book a bone scan: new number"
    english.save_revision().publish()
    assert call_to_action(pages["hi"]) == everywhere("Book a bone scan: new number")

    # The Hindi one, updated and approved again, shows again.
    hindi_cta = CallToAction.objects.get(pk=hindi_cta.pk)
    hindi_cta.headline = "हड्डी की जाँच बुक करें: नया नंबर"
    hindi_cta.save_revision().publish()
    assert call_to_action(pages["hi"]) == everywhere("हड्डी की जाँच बुक करें: नया नंबर")
