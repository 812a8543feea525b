"""A review is for one page and one revision: an edit after submission needs its own
approval, an invalid revision is refused with its reasons (never a 500) and never
put into review from the admin, a copy starts without a review record, and a condition
page is never aliased (an alias would be live at a second address, unreviewed there)."""

import datetime
import json

from django.contrib.messages import get_messages

from wagtail.models import WorkflowState

from condition_pages.models import ConditionPage
from tests.admin_pages import action_url, add_url, condition_form


def submit(editor_client, condition_index):
    editor_client.post(add_url(condition_index), {**condition_form(), "action-submit": "1"})
    return ConditionPage.objects.get(slug="osteosarcoma")


def test_an_edit_after_submission_needs_approval_of_the_new_revision(
    editor_client, reviewer_client, condition_index
):
    page = submit(editor_client, condition_index)
    asked = page.current_workflow_state.current_task_state
    draft = page.get_latest_revision_as_object()
    draft.summary = "Changed after it was submitted."
    draft.save_revision(user=None)  # an edit the reviewer has not seen

    # The approval the reviewer was asked for (the old revision) is refused...
    reviewer_client.post(action_url(page, "approve", asked), {"comment": ""})
    assert not ConditionPage.objects.get(pk=page.pk).live
    # ...and the review starts again on the new revision, which they can approve.
    current = ConditionPage.objects.get(pk=page.pk).current_workflow_state.current_task_state
    assert current.pk != asked.pk and current.revision_id == page.revisions.latest("pk").pk
    reviewer_client.post(action_url(page, "approve", current), {"comment": ""})
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.live and page.summary == "Changed after it was submitted."


def invalid_draft_in_review(condition_page, editor):
    """A draft with an empty summary, as an API write may save one, put into review."""
    draft = condition_page.get_latest_revision_as_object()
    draft.summary = ""
    draft.save_revision(user=editor, clean=False)
    condition_page.get_workflow().start(condition_page, editor)
    return ConditionPage.objects.get(pk=condition_page.pk)


def test_approval_of_an_invalid_revision_is_refused_with_its_reasons(
    condition_page, reviewer_client, django_user_model
):
    editor = django_user_model.objects.create_user("api-editor")
    page = invalid_draft_in_review(condition_page, editor)
    task_state = page.current_workflow_state.current_task_state

    dashboard = reviewer_client.get("/admin/").content.decode()
    assert "Approve and publish" not in dashboard
    assert "Summary: This field cannot be blank." in dashboard

    response = reviewer_client.post(action_url(page, "approve", task_state), {"comment": ""})
    assert response.status_code in (302, 403)  # refused, never a 500
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.live and page.summary  # patients still read the approved one
    # The reviewer can still send it back.
    reviewer_client.post(action_url(page, "reject", task_state), {"comment": "Add a summary."})
    assert page.current_workflow_state is None or (
        page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    )


def test_an_invalid_draft_is_not_put_into_review_from_the_reviews_due_report(
    condition_page, editor_client
):
    draft = condition_page.get_latest_revision_as_object()
    draft.summary = ""
    draft.save_revision(clean=False)
    response = editor_client.post(
        f"/admin/condition-pages/{condition_page.pk}/start-review/", follow=True
    )
    assert condition_page.current_workflow_state is None
    assert any(
        "Summary: This field cannot be blank." in str(m)
        for m in get_messages(response.wsgi_request)
    )


def test_a_copy_starts_without_a_review_record(condition_page, reviewer, admin_client):
    condition_page.last_reviewed = datetime.date(2026, 1, 5)
    condition_page.next_review_due = datetime.date(2027, 1, 5)
    condition_page.reviewed_by = reviewer.clinician
    condition_page.save_revision().publish()
    admin_client.post(
        f"/admin/pages/{condition_page.pk}/copy/",
        {
            "new_title": "Copy",
            "new_slug": "copy",
            "new_parent_page": condition_page.get_parent().pk,
            "copy_subpages": False,
            "publish_copies": False,
            "alias": False,
        },
    )
    copy = ConditionPage.objects.get(slug="copy")
    assert ConditionPage.objects.get(pk=condition_page.pk).reviewed_by == reviewer.clinician
    latest = copy.get_latest_revision_as_object()
    for page in (copy, latest):
        assert (page.last_reviewed, page.next_review_due, page.reviewed_by) == (None, None, None)


def test_the_admin_offers_no_alias_of_a_condition_page_and_ignores_a_forged_one(
    condition_page, admin_client
):
    url = f"/admin/pages/{condition_page.pk}/copy/"
    assert 'name="alias"' not in admin_client.get(url).content.decode()
    admin_client.post(
        url,
        {
            "new_title": "Bone secondaries",
            "new_slug": "bone-secondaries",
            "new_parent_page": condition_page.get_parent().pk,
            "alias": "on",
        },
    )
    made = ConditionPage.objects.get(slug="bone-secondaries")
    assert made.alias_of_id is None  # a plain copy: a draft, to be reviewed
    assert not made.live


def test_api_v3_refuses_an_alias_of_a_condition_page(client, condition_page, api_token):
    token = api_token("publisher", group="Moderators")
    response = client.post(
        f"/api/v3/pages/{condition_page.pk}/actions/create_alias/",
        data=json.dumps({"slug": "bone-secondaries"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert "cannot be aliased" in response.content.decode()
    assert not ConditionPage.objects.filter(slug="bone-secondaries").exists()
