"""A clinical reviewer's decision by API: `POST /api/v3/pages/{id}/actions/approve/`
and `…/request-changes/`, for an approval tool that would otherwise script the admin.

Nothing is decided here: the page's current task (the Medical review,
clinical_review.models.MedicalReviewTask) says which actions it offers this user, as
it does the admin's buttons, so the same rules (a clinician of the task's groups, no
approval blockers, four eyes) hold; its own form checks the comment and the next
review date; and its `on_action` records the review and publishes, as from the admin."""

import datetime

from ninja import Body, Schema
from pydantic import ConfigDict, Field

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from wagtail.api.v3.errors import as_validation_error
from wagtail.utils.forms import FormValidationError

from condition_pages.models import ConditionPage

from .router import IsoDate

NOT_OFFERED = "You may not {action} this page's medical review now."


class ApproveInput(Schema):
    model_config = ConfigDict(extra="forbid")

    comment: str = Field("", description="A note for the editor (optional).")
    next_review_due: IsoDate | None = Field(
        None,
        description="When the page must be reviewed again, if earlier than the usual "
        "interval from today (YYYY-MM-DD); left out, the usual interval.",
    )


class RequestChangesInput(Schema):
    model_config = ConfigDict(extra="forbid")

    comment: str = Field(
        min_length=1, description="What needs to change: the editor sees it with the request."
    )


def _form_data(data):
    values = data.model_dump() if data is not None else {}
    return {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in values.items()
        if value is not None
    }


def decide(request, page_id, action_name, data, verb):
    page = get_object_or_404(ConditionPage, pk=page_id)
    task_state = page.current_workflow_task_state
    if task_state is None:
        message = "This page is not in review: submit it first."
        raise as_validation_error(ValidationError(message), message)
    task = task_state.task.specific
    offered = {name for name, _label, _needs_form in task.get_actions(page, request.user)}
    if action_name not in offered:
        raise PermissionDenied(NOT_OFFERED.format(action=verb))
    form = task.get_form_for_action(action_name)(data=_form_data(data))
    if not form.is_valid():
        raise FormValidationError.from_form(form)
    task.on_action(task_state, request.user, action_name, **form.cleaned_data)
    return ConditionPage.objects.get(pk=page_id).get_latest_revision_as_object()


def approve(
    request: HttpRequest,
    page_id: int,
    data: ApproveInput | None = Body(None),  # noqa: B008
):
    return decide(request, page_id, "approve", data, "approve")


def request_changes(
    request: HttpRequest,
    page_id: int,
    data: RequestChangesInput = Body(...),  # noqa: B008
):
    return decide(request, page_id, "reject", data, "request changes in")
