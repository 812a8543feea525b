"""Nothing reaches patients without a clinician's review: editors submit, clinical
reviewers approve (publishing and recording the review) or request changes."""

import datetime
import importlib
import json

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.utils import timezone

from wagtail.models import GroupPagePermission, Workflow, WorkflowState

from clinical_review.medical_review import default_next_review
from condition_pages.models import ConditionPage
from tests.admin_pages import action_url, add_url, condition_form, edit_url, signed_in
from tests.factories.conditions import ClinicianFactory, ConditionIndexPageFactory


@pytest.fixture
def staff_client(django_user_model):
    """A member of staff who reads appointment requests and nothing else."""
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Appointment coordinators"))
    return signed_in(user)


@pytest.fixture
def submitted(editor_client, condition_index):
    """A new article an editor has written and submitted for Medical review."""
    response = editor_client.post(
        add_url(condition_index), {**condition_form(), "action-submit": "1"}
    )
    assert response.status_code == 302
    page = ConditionPage.objects.get(slug="osteosarcoma")
    assert page.current_workflow_state.workflow.name == "Medical review"
    return page


def is_live(page):
    return ConditionPage.objects.get(pk=page.pk).live


def test_condition_index_and_its_pages_are_under_medical_review(condition_index, condition_page):
    assert condition_index.get_workflow().name == "Medical review"
    assert condition_page.get_workflow().name == "Medical review"


def test_a_second_condition_index_gets_medical_review_when_created(home_page, condition_index):
    # max_count keeps editors to one, but code (an import, a new site) may make another.
    other = ConditionIndexPageFactory(parent=home_page, slug="more-conditions")
    assert other.get_workflow().name == "Medical review"


def test_workflow_and_groups_migration_is_idempotent(condition_index):
    migration = importlib.import_module("condition_pages.migrations.0007_medical_review_workflow")
    counts = (Workflow.objects.count(), Group.objects.count(), GroupPagePermission.objects.count())
    # The models as they stood at that migration (MedicalReviewTask has moved app since).
    state = MigrationLoader(connection).project_state(
        ("condition_pages", "0007_medical_review_workflow")
    )
    migration.create_workflow(state.apps, None)
    assert (
        Workflow.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
    ) == counts
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.page_permissions.values_list("permission__codename", flat=True))
    assert {"add_page", "change_page"} <= codenames
    assert "publish_page" not in codenames


def test_editor_cannot_publish_a_new_page(editor_client, condition_index, client):
    response = editor_client.post(
        add_url(condition_index), {**condition_form(), "action-publish": "1"}
    )
    assert response.status_code in (302, 403)
    page = ConditionPage.objects.filter(slug="osteosarcoma").first()
    assert page is None or not page.live
    assert client.get("/conditions/osteosarcoma/").status_code == 404


def test_editor_cannot_publish_a_change_to_a_live_page(editor_client, condition_page, client):
    form = condition_form(title="Changed by the editor", slug=condition_page.slug)
    response = editor_client.post(edit_url(condition_page), {**form, "action-publish": "1"})
    assert response.status_code in (302, 403)
    assert ConditionPage.objects.get(pk=condition_page.pk).title == "Bone metastases"
    assert "Changed by the editor" not in client.get("/conditions/bone-metastases/").text


def test_editor_cannot_unpublish(editor_client, condition_page):
    response = editor_client.post(f"/admin/pages/{condition_page.pk}/unpublish/")
    assert response.status_code in (302, 403)
    assert is_live(condition_page)


def test_editor_cannot_schedule_and_is_not_offered_the_dates(editor_client, condition_index):
    response = editor_client.get(add_url(condition_index))
    assert 'name="go_live_at"' not in response.text

    later = (timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    form = {**condition_form(), "go_live_at": later, "expire_at": later, "action-submit": "1"}
    editor_client.post(add_url(condition_index), form)
    page = ConditionPage.objects.get(slug="osteosarcoma")
    draft = page.get_latest_revision_as_object()
    assert (draft.go_live_at, draft.expire_at) == (None, None)
    assert not page.live


SCHEDULE_BUTTON = 'data-a11y-dialog-show="schedule-publishing-dialog"'
SCHEDULE_DIALOG = 'id="schedule-publishing-dialog"'


def test_an_editor_is_shown_no_schedule_button_without_its_dialog(
    editor_client, condition_index, make_condition
):
    """The status panel's Set schedule opened a dialog that is not on an editor's page."""
    draft = make_condition(title="Hypercalcaemia", live=False)
    for url in (add_url(condition_index), edit_url(draft)):
        html = editor_client.get(url).text
        assert SCHEDULE_DIALOG not in html, url
        assert SCHEDULE_BUTTON not in html, url
        assert "Set schedule" not in html, url


def test_a_publisher_is_offered_the_schedule(admin_client, condition_index):
    response = admin_client.get(add_url(condition_index))
    assert 'name="go_live_at"' in response.text
    assert SCHEDULE_BUTTON in response.text and SCHEDULE_DIALOG in response.text


def test_review_fields_are_read_only_for_editors(editor_client, submitted, condition_index):
    response = editor_client.get(edit_url(submitted))
    soup = BeautifulSoup(response.content, "html.parser")
    for name in ["last_reviewed", "next_review_due", "reviewed_by"]:
        assert soup.find(attrs={"name": name}) is None, name
    assert "Last reviewed" in response.text  # shown, not editable

    someone = ClinicianFactory(name="Dr Typed In")
    form = condition_form(
        last_reviewed="2026-01-01", next_review_due="2030-01-01", reviewed_by=str(someone.pk)
    )
    editor_client.post(edit_url(submitted), form)
    draft = submitted.get_latest_revision_as_object()
    assert (draft.last_reviewed, draft.next_review_due, draft.reviewed_by) == (None, None, None)


def test_approval_publishes_and_records_the_review(submitted, reviewer_client, reviewer):
    client = Client()  # anonymous: what patients and apps see
    assert not is_live(submitted)
    response = reviewer_client.post(action_url(submitted, "approve"))
    assert response.status_code == 302

    page = ConditionPage.objects.get(pk=submitted.pk)
    today = timezone.localdate()
    assert page.live
    assert page.last_reviewed == today
    assert page.reviewed_by == reviewer.clinician
    assert page.next_review_due == default_next_review(today)
    assert page.next_review_due.year == today.year + 1
    # The record went live with the approval: the published revision carries it.
    assert page.live_revision.as_object().reviewed_by == reviewer.clinician

    html = client.get("/conditions/osteosarcoma/").text
    assert "Page last reviewed" in html and "Next review due" in html
    assert "Dr Meera Iyer" in html
    soup = BeautifulSoup(html, "html.parser")
    json_ld = json.loads(soup.find("script", type="application/ld+json").string)
    assert json_ld["lastReviewed"] == today.isoformat()
    assert json_ld["reviewedBy"]["name"] == "Dr Meera Iyer"
    v2 = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert v2["last_reviewed"] == today.isoformat()
    assert v2["reviewed_by"]["name"] == "Dr Meera Iyer"
    v3 = client.get(f"/api/v3/pages/{page.pk}/").json()
    assert v3["next_review_due"] == page.next_review_due.isoformat()
    assert v3["reviewed_by"]["name"] == "Dr Meera Iyer"


def test_reviewer_may_choose_an_earlier_review(submitted, reviewer_client):
    sooner = timezone.localdate() + datetime.timedelta(days=90)
    reviewer_client.post(
        action_url(submitted, "approve"), {"next_review_due": sooner.isoformat(), "comment": ""}
    )
    page = ConditionPage.objects.get(pk=submitted.pk)
    assert page.live and page.next_review_due == sooner


@pytest.mark.parametrize("days", [0, -1, 400])
def test_review_date_beyond_a_year_or_not_in_the_future_is_refused(
    submitted, reviewer_client, days
):
    due = timezone.localdate() + datetime.timedelta(days=days)
    url = action_url(submitted, "approve")
    response = reviewer_client.post(
        url, {"next_review_due": due.isoformat()}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.json()["step"] == "action"  # the form again, with its error
    assert "next review must be due" in response.json()["html"]
    assert not is_live(submitted)


def test_request_changes_with_a_comment_leaves_the_page_unpublished(submitted, reviewer_client):
    reviewer_client.post(action_url(submitted, "reject"), {"comment": "Check the dosage."})
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Check the dosage."
    assert not is_live(submitted)


def test_request_changes_needs_a_comment(submitted, reviewer_client):
    url = action_url(submitted, "reject")
    response = reviewer_client.post(
        url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.json()["step"] == "action"
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_editor_cannot_approve(submitted, editor_client):
    response = editor_client.post(action_url(submitted, "approve"))
    assert response.status_code in (302, 403)  # Wagtail's admin redirects with a message
    assert not is_live(submitted)


def test_reviewer_without_a_clinician_profile_cannot_approve(submitted, django_user_model):
    user = django_user_model.objects.create_user("no-profile", password="x")
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    response = signed_in(user).post(action_url(submitted, "approve"))
    assert response.status_code in (302, 403)
    assert not is_live(submitted)


def test_staff_and_anonymous_cannot_approve(submitted, staff_client):
    url = action_url(submitted, "approve")
    assert staff_client.post(url).status_code in (302, 403)
    response = Client().post(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not is_live(submitted)


def test_re_review_of_a_live_page_renews_its_record(condition_page, editor_client, reviewer_client):
    condition_page.last_reviewed = datetime.date(2024, 1, 1)
    condition_page.next_review_due = datetime.date(2025, 1, 1)
    condition_page.save_revision().publish()
    condition_page.get_workflow().start(condition_page, None)
    reviewer_client.post(action_url(condition_page, "approve"))
    page = ConditionPage.objects.get(pk=condition_page.pk)
    assert page.last_reviewed == timezone.localdate()
    assert page.next_review_due > timezone.localdate()


def test_reviewer_approves_from_the_page_editor_with_an_earlier_date(
    submitted, reviewer_client, settings
):
    """The editor's own "Approve with comment" sends the approval form as JSON. The
    form posted here is a fresh one (new block ids), so it saves the reviewer's own
    revision: allowed only where self-approval is (see test_four_eyes.py)."""
    settings.ALLOW_SELF_APPROVAL = True
    sooner = timezone.localdate() + datetime.timedelta(days=30)
    extra = {"comment": "Fine.", "next_review_due": sooner.isoformat()}
    form = {
        **condition_form(),
        "action-workflow-action": "1",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": json.dumps(extra),
    }
    response = reviewer_client.post(edit_url(submitted), form)
    assert response.status_code == 302
    page = ConditionPage.objects.get(pk=submitted.pk)
    assert page.live and page.next_review_due == sooner
    assert page.last_reviewed == timezone.localdate()


def test_a_forged_review_date_from_the_page_editor_is_a_bad_request(
    submitted, reviewer_client, settings
):
    settings.ALLOW_SELF_APPROVAL = True
    extra = {"comment": "", "next_review_due": "2099-01-01"}
    form = {
        **condition_form(),
        "action-workflow-action": "1",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": json.dumps(extra),
    }
    assert reviewer_client.post(edit_url(submitted), form).status_code == 400
    assert not is_live(submitted)


@pytest.mark.parametrize(
    ("months", "reviewed", "due"),
    [
        (12, datetime.date(2026, 3, 15), datetime.date(2027, 3, 15)),
        (12, datetime.date(2028, 2, 29), datetime.date(2029, 2, 28)),
        (24, datetime.date(2026, 3, 15), datetime.date(2028, 3, 15)),
        (6, datetime.date(2026, 8, 31), datetime.date(2027, 2, 28)),
    ],
)
def test_the_review_interval_is_one_constant(monkeypatch, months, reviewed, due):
    """Moving REVIEW_INTERVAL_MONTHS moves the default next review and its limit."""
    from clinical_review import medical_review

    monkeypatch.setattr(medical_review, "REVIEW_INTERVAL_MONTHS", months)

    assert default_next_review(reviewed) == due
    medical_review.check_next_review(due, reviewed)  # the furthest allowed
    with pytest.raises(ValidationError):
        medical_review.check_next_review(due + datetime.timedelta(days=1), reviewed)
