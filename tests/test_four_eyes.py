"""Four eyes: nobody approves a change they wrote or submitted, in the dashboard, the
page editor or by a forged POST; a hospital with one clinician may allow it by a
setting that is off by default."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group

from wagtail.models import WorkflowState

from condition_pages.models import ConditionPage
from tests.admin_pages import action_url, add_url, condition_form
from tests.factories.conditions import CallToActionFactory, ClinicianFactory
from tests.staff import StaffClient


def submit_new_article(client, condition_index, **fields):
    response = client.post(
        add_url(condition_index), {**condition_form(**fields), "action-submit": "1"}
    )
    assert response.status_code == 302
    return ConditionPage.objects.get(slug=fields.get("slug", "osteosarcoma"))


@pytest.fixture
def second_reviewer_client(django_user_model, condition_index):
    user = django_user_model.objects.create_user("second-reviewer", password="x")
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    ClinicianFactory(name="Dr Kavya Shah", user=user)
    client = StaffClient()
    client.force_login(user)
    return client


def is_live(page):
    return ConditionPage.objects.get(pk=page.pk).live


def test_a_reviewer_is_not_offered_approval_of_their_own_article(reviewer_client, condition_index):
    submit_new_article(reviewer_client, condition_index)
    dashboard = reviewer_client.get("/admin/").content.decode()
    assert "Osteosarcoma" in dashboard  # in their list to review...
    assert "Approve and publish" not in dashboard  # ...but only to request changes
    assert "Request changes" in dashboard


def test_a_forged_self_approval_is_refused(reviewer_client, condition_index):
    page = submit_new_article(reviewer_client, condition_index)
    response = reviewer_client.post(action_url(page, "approve"), {"comment": ""})
    assert response.status_code in (302, 403)
    assert not is_live(page)
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_another_reviewer_approves_it(reviewer_client, second_reviewer_client, condition_index):
    page = submit_new_article(reviewer_client, condition_index)
    assert "Approve and publish" in second_reviewer_client.get("/admin/").content.decode()
    second_reviewer_client.post(action_url(page, "approve"), {"comment": ""})
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.live and page.reviewed_by.name == "Dr Kavya Shah"


def test_a_reviewer_who_edits_a_submitted_article_cannot_approve_it(
    editor_client, reviewer_client, second_reviewer_client, condition_index
):
    page = submit_new_article(editor_client, condition_index)
    # The reviewer fixes a word in the page editor and approves in the same step.
    form = {
        **condition_form(summary="A cancer that starts in a bone."),
        "action-workflow-action": "1",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": "{}",
    }
    reviewer_client.post(f"/admin/pages/{page.pk}/edit/", form)
    assert not is_live(page)
    # Their edit is a change of their own, for another reviewer to approve.
    assert "Approve and publish" not in reviewer_client.get("/admin/").content.decode()
    second_reviewer_client.post(action_url(page, "approve"), {"comment": ""})
    page = ConditionPage.objects.get(pk=page.pk)
    assert page.live and page.summary == "A cancer that starts in a bone."


def test_self_approval_is_allowed_only_by_the_setting(reviewer_client, condition_index, settings):
    settings.ALLOW_SELF_APPROVAL = True
    page = submit_new_article(reviewer_client, condition_index)
    assert "Approve and publish" in reviewer_client.get("/admin/").content.decode()
    reviewer_client.post(action_url(page, "approve"), {"comment": ""})
    assert is_live(page)


def test_self_approval_is_off_by_default():
    from django.conf import settings

    assert settings.ALLOW_SELF_APPROVAL is False


def test_the_editors_never_autosave_a_revision_in_a_readers_name(
    editor_client, reviewer_client, condition_index
):
    """Every save is a revision its author is counted for: a reviewer who only opens a
    submitted article (or a call to action) must stay free to approve it."""
    page = submit_new_article(editor_client, condition_index)
    call_to_action = CallToActionFactory()
    for url in (
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/snippets/condition_pages/calltoaction/edit/{call_to_action.pk}/",
    ):
        editor = reviewer_client.get(url)
        assert editor.status_code == 200
        form = BeautifulSoup(editor.content, "html.parser").select_one("form[data-edit-form]")
        controllers = form["data-controller"].split()
        assert "w-unsaved" in controllers  # the warning before leaving stays
        assert "w-autosave" not in controllers
