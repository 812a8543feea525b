"""Translations are clinical content: a Hindi page is approved by a clinician who reads
Hindi, and once the English page gets a newly approved revision the Hindi page says it
may be out of date, to patients, to apps and in the reviews-due report, until its own
update is approved (docs/translations.md)."""

import io

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from clinical_review.medical_review import approve_as
from tests.factories.conditions import ClinicianFactory

HINDI_URL = "/hi/conditions/bone-metastases/"
REPORT = "/admin/reports/medical-reviews-due/"


@pytest.fixture
def translator(django_user_model, condition_index):
    """An editor who submits translations (four eyes: never the approving reviewer)."""
    user = django_user_model.objects.create_user("translator", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def hindi_page(condition_page, translate, hindi_reviewer, translator):
    """The article in Hindi, approved in its own Medical review."""
    hindi = translate(condition_page, "hi", title="हड्डियों में फैला कैंसर")
    hindi.save_revision()
    approve_as(hindi, hindi_reviewer, submitter=translator)
    hindi.refresh_from_db()
    return hindi


def notice(client):
    page = BeautifulSoup(client.get(HINDI_URL).content, "html.parser")
    return page.find(class_="translation-notice")


def translation_in_apis(client, page):
    v2 = client.get(f"/api/v2/pages/{page.pk}/").json()["translation"]
    v3 = client.get(f"/api/v3/pages/{page.pk}/").json()["translation"]
    assert v2 == v3
    return v3


def test_a_new_approved_english_revision_marks_the_hindi_page_out_of_date_until_it_is_approved(
    client, editor_client, condition_page, hindi_page, hindi_reviewer, translator
):
    assert notice(client) is None
    assert translation_in_apis(client, hindi_page)["up_to_date"] is True

    # The English page is corrected and its new revision approved.
    condition_page.summary = "Corrected advice."
    condition_page.save_revision()
    approve_as(condition_page, hindi_reviewer, submitter=translator)
    condition_page.refresh_from_db()

    shown = notice(client)
    assert shown is not None
    text = " ".join(shown.get_text().split())
    assert "अंग्रेज़ी पेज" in text  # "the English page"
    assert shown.find("a", hreflang="en")["href"] == "/conditions/bone-metastases/"
    state = translation_in_apis(client, hindi_page)
    assert state == {
        "source_id": condition_page.pk,
        "source_last_reviewed": condition_page.last_reviewed.isoformat(),
        "up_to_date": False,
    }
    report = BeautifulSoup(editor_client.get(REPORT).content, "html.parser")
    row = report.find(attrs={"data-review-row": str(hindi_page.pk)})
    assert row is not None and "Translation out of date" in row.get_text()

    # The Hindi page is updated and approved again.
    hindi_page.summary = "सुधारी गई सलाह।"
    hindi_page.save_revision()
    approve_as(hindi_page, hindi_reviewer, submitter=translator)

    assert notice(client) is None
    assert translation_in_apis(client, hindi_page)["up_to_date"] is True
    report = BeautifulSoup(editor_client.get(REPORT).content, "html.parser")
    assert report.find(attrs={"data-review-row": str(hindi_page.pk)}) is None


def test_the_owner_is_reminded_of_a_translation_out_of_date(
    condition_page, hindi_page, hindi_reviewer, translator
):
    hindi_page.content_owner_email = "bones@example.org"
    hindi_page.save_revision()
    approve_as(hindi_page, hindi_reviewer, submitter=translator)
    call_command("send_review_reminders", stdout=io.StringIO(), stderr=io.StringIO())
    assert mail.outbox == []  # both pages reviewed today, nothing due

    condition_page.summary = "Corrected advice."
    condition_page.save_revision()
    approve_as(condition_page, hindi_reviewer, submitter=translator)
    call_command("send_review_reminders", stdout=io.StringIO(), stderr=io.StringIO())

    [reminder] = [message for message in mail.outbox if message.to == ["bones@example.org"]]
    assert f"- {hindi_page.title}: Translation out of date" in reminder.body
    assert f"/admin/pages/{hindi_page.pk}/edit/" in reminder.body
    assert "English page has been updated" in reminder.body


def test_english_pages_have_no_translation_state(client, condition_page):
    assert client.get(f"/api/v3/pages/{condition_page.pk}/").json()["translation"] is None


def test_only_a_clinician_who_reads_hindi_approves_a_hindi_page(
    condition_page, translate, django_user_model, translator
):
    user = django_user_model.objects.create_user("english-only", password="x")
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    ClinicianFactory(name="Dr Rohan Shah", user=user)
    hindi = translate(condition_page, "hi", title="हड्डियों में फैला कैंसर")
    hindi.save_revision()
    with pytest.raises(PermissionDenied):
        approve_as(hindi, user, submitter=translator)
    # English pages they approve as before.
    condition_page.save_revision()
    approve_as(condition_page, user, submitter=translator)


def test_the_apis_list_each_language_and_filter_by_locale(client, condition_page, hindi_page):
    detail = client.get(f"/api/v3/pages/{condition_page.pk}/").json()
    assert [(item["id"], item["locale"]) for item in detail["translations"]] == [
        (condition_page.pk, "en"),
        (hindi_page.pk, "hi"),
    ]
    assert detail["translations"][1]["html_url"].endswith(HINDI_URL)

    listed = client.get("/api/v3/conditions/?locale=hi").json()["items"]
    assert [(item["id"], item["locale"]) for item in listed] == [(hindi_page.pk, "hi")]
    assert len(client.get("/api/v3/conditions/").json()["items"]) == 2
    v2 = client.get("/api/v2/pages/?type=condition_pages.ConditionPage&locale=hi").json()
    assert [item["id"] for item in v2["items"]] == [hindi_page.pk]

    bad = client.get("/api/v3/conditions/?locale=fr")
    assert bad.status_code in (400, 422)
    assert "locale" in bad.content.decode()


@pytest.mark.parametrize("locale", ["fr", "HI", "", "en-gb"])
def test_api_v2_names_locale_when_it_is_not_a_language_of_the_site(client, condition_page, locale):
    response = client.get(f"/api/v2/pages/?type=condition_pages.ConditionPage&locale={locale}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"] == f"locale must be one of en, hi, mr, not '{locale}'"


def test_openapi_types_the_listings_translations_and_the_feeds_locale(client, db):
    schemas = client.get("/api/v3/openapi.json").json()["components"]["schemas"]

    summary = schemas["ConditionSummary"]["properties"]
    assert summary["translations"]["items"] == {"$ref": "#/components/schemas/Translation"}
    assert {"$ref": "#/components/schemas/TranslationState"} in summary["translation"]["anyOf"]
    for change in ("LiveChange", "RemovedChange"):
        assert schemas[change]["properties"]["locale"]["type"] == "string"
        assert "locale" in schemas[change]["required"]
