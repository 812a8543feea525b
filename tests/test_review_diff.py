"""The reviewer sees what changed: the review's compare link (dashboard and email)
goes to the live version, or the last approved one, never to the previous revision
that a second save may have made identical; "Request changes" is not called a rejection."""

import pytest
from bs4 import BeautifulSoup

from django.core import mail

from condition_pages.models import ConditionPage
from tests.admin_pages import condition_form

NEW_SUMMARY = "Cancer that has spread to the bones from somewhere else."


@pytest.fixture
def reviewer_with_email(reviewer):
    reviewer.email = "reviewer@hospital.example"
    reviewer.save()
    return reviewer


@pytest.fixture
def submitted_after_autosave(condition_page, editor_client, reviewer_with_email):
    """A live article an editor changed, saved twice and submitted."""
    condition_page.save_revision().publish()
    url = f"/admin/pages/{condition_page.pk}/edit/"
    form = condition_form(title="Bone metastases", slug="bone-metastases", summary=NEW_SUMMARY)
    editor_client.post(url, form)
    editor_client.post(url, form)
    mail.outbox.clear()
    assert editor_client.post(url, {**form, "action-submit": "1"}).status_code == 302
    return ConditionPage.objects.get(pk=condition_page.pk)


def compare_link(reviewer_client):
    soup = BeautifulSoup(reviewer_client.get("/admin/").content, "html.parser")
    panel = soup.select_one("#awaiting-review") or soup
    [link] = {a["href"] for a in panel.find_all("a", string="Compare with the live version")}
    return link


def test_the_compare_link_shows_the_edit_after_autosaves(submitted_after_autosave, reviewer_client):
    page = submitted_after_autosave
    link = compare_link(reviewer_client)
    assert f"/{page.live_revision_id}...{page.latest_revision_id}/" in link
    comparison = reviewer_client.get(link).content.decode()
    assert "There are no differences" not in comparison
    assert NEW_SUMMARY in comparison
    assert "Compare with previous version" not in reviewer_client.get("/admin/").content.decode()


def test_the_reviewers_email_links_to_the_comparison_at_the_configured_address(
    submitted_after_autosave, settings
):
    page = submitted_after_autosave
    [email] = [m for m in mail.outbox if "reviewer@hospital.example" in m.to]
    expected = (
        f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{page.pk}/revisions/compare/"
        f"{page.live_revision_id}...{page.latest_revision_id}/"
    )
    assert expected in email.body


def test_requested_changes_are_not_called_a_rejection(
    submitted_after_autosave, reviewer_client, django_user_model
):
    editor = django_user_model.objects.get(username="editor")
    editor.email = "editor@hospital.example"
    editor.save()
    page = submitted_after_autosave
    task_state = page.current_workflow_state.current_task_state
    reviewer_client.post(
        f"/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/",
        {"comment": "Say which cancers spread to bone."},
    )
    [email] = [m for m in mail.outbox if "editor@hospital.example" in m.to]
    assert email.subject.startswith("Changes requested to")
    assert "reject" not in (email.subject + email.body).lower()
    assert "Say which cancers spread to bone." in email.body
