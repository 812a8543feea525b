"""A clinical reviewer approves or requests changes through API v3, under the Medical
review's own rules: what the task offers the token's user in the admin is what the
API allows, and the approval records the review and publishes as the admin's does."""

import datetime
import json

import pytest

from django.contrib.auth import get_user_model

from wagtail.models import APIToken

from clinical_review.medical_review import default_next_review
from condition_pages.models import ConditionPage
from tests.factories.conditions import ClinicianFactory


def post(client, token, url, body=None):
    return client.post(
        url,
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def action(page, name):
    return f"/api/v3/pages/{page.pk}/actions/{name}/"


@pytest.fixture
def editor_token(api_token):
    return api_token("editor", group="Editors")


@pytest.fixture
def reviewer_token(api_token):
    """A clinician in the "Clinical reviewers" group."""
    token = api_token("reviewer", group="Clinical reviewers")
    ClinicianFactory(name="Dr Meera Iyer", user=get_user_model().objects.get(username="reviewer"))
    return token


@pytest.fixture
def in_review(client, make_condition, editor_token):
    page = make_condition(title="Hypercalcaemia", live=False)
    assert post(client, editor_token, action(page, "submit")).status_code == 200
    return page


def test_a_clinical_reviewer_approves_by_api_and_the_page_is_published_with_its_review(
    client, in_review, reviewer_token
):
    today = datetime.date.today()
    due = today + datetime.timedelta(days=90)
    response = post(
        client,
        reviewer_token,
        action(in_review, "approve"),
        {"comment": "Clinically accurate.", "next_review_due": due.isoformat()},
    )

    assert response.status_code == 200, response.content
    page = ConditionPage.objects.get(pk=in_review.pk)
    assert page.live and not page.workflow_in_progress
    assert (page.last_reviewed, page.next_review_due) == (today, due)
    assert page.reviewed_by.name == "Dr Meera Iyer"
    assert client.get(f"/api/v3/pages/{page.pk}/").json()["next_review_due"] == due.isoformat()


def test_an_approval_without_a_body_takes_the_usual_interval(client, in_review, reviewer_token):
    assert post(client, reviewer_token, action(in_review, "approve")).status_code == 200
    page = ConditionPage.objects.get(pk=in_review.pk)
    assert page.next_review_due == default_next_review(datetime.date.today())


def test_a_review_date_beyond_the_usual_interval_is_a_422_naming_it(
    client, in_review, reviewer_token
):
    late = datetime.date.today() + datetime.timedelta(days=3 * 366)
    response = post(
        client, reviewer_token, action(in_review, "approve"), {"next_review_due": late.isoformat()}
    )

    assert response.status_code == 422
    assert "next_review_due" in json.dumps(response.json()["errors"])
    assert not ConditionPage.objects.get(pk=in_review.pk).live


def test_requesting_changes_needs_a_comment_and_sends_the_page_back(
    client, in_review, reviewer_token
):
    url = action(in_review, "request-changes")
    refused = post(client, reviewer_token, url, {})
    assert refused.status_code == 422
    assert [error["path"] for error in refused.json()["errors"]] == ["comment"]

    response = post(client, reviewer_token, url, {"comment": "Cite the 2024 guideline."})

    assert response.status_code == 200, response.content
    page = ConditionPage.objects.get(pk=in_review.pk)
    assert not page.live
    assert page.current_workflow_state.status == "needs_changes"


def test_a_user_the_review_offers_no_approval_is_refused_with_a_403(
    client, in_review, editor_token, api_token
):
    not_a_clinician = api_token("reviewer-without-record", group="Clinical reviewers")
    for token in (editor_token, not_a_clinician):
        response = post(client, token, action(in_review, "approve"))
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
    # Only a clinician can be named as the reviewer; anyone in the group may send it back.
    assert (
        post(
            client, editor_token, action(in_review, "request-changes"), {"comment": "x"}
        ).status_code
        == 403
    )
    assert not ConditionPage.objects.get(pk=in_review.pk).live


def test_a_page_not_in_review_cannot_be_approved(client, make_condition, reviewer_token):
    page = make_condition(title="Not submitted", live=False)
    response = post(client, reviewer_token, action(page, "approve"))

    assert response.status_code == 422
    assert "not in review" in response.json()["detail"]


def test_review_actions_need_a_token(client, in_review):
    assert client.post(action(in_review, "approve")).status_code == 401
    assert APIToken.objects.count() == 1  # the editor's, who submitted it
