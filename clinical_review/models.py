"""The Medical review's task: who may approve, and what an approval records
(clinical_review.medical_review has the workflow around it)."""

from django import forms
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction

from wagtail.admin.widgets import AdminDateInput
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask

from condition_pages.models import Clinician

from .medical_review import (
    REVIEW_INTERVAL_MONTHS,
    approval_blockers,
    check_next_review,
    default_next_review,
    today,
)


def clinician_for(user):
    return Clinician.objects.filter(user=user).first() if user.is_authenticated else None


class ApproveReviewForm(TaskStateCommentForm):
    next_review_due = forms.DateField(
        required=False,
        widget=AdminDateInput,
        help_text=f"{REVIEW_INTERVAL_MONTHS} months from today unless you choose sooner.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_review_due"].initial = default_next_review(today())

    def clean_next_review_due(self):
        due = self.cleaned_data["next_review_due"]
        if due is not None:
            check_next_review(due, today())
        return due


class RequestChangesForm(TaskStateCommentForm):
    comment = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea({"rows": 4}),
        help_text="The editor sees this comment with your request.",
    )


class MedicalReviewTask(AbstractGroupApprovalTask):
    """Approval by a clinician of the chosen groups, recording the review."""

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        actions = [("reject", "Request changes", True)]
        # Only a clinician can be named as the reviewer, so only a clinician approves.
        if clinician_for(user) is not None and not approval_blockers(obj):
            actions += [
                ("approve", "Approve", False),
                ("approve", "Approve with comment or an earlier review date", True),
            ]
        return actions

    def get_form_for_action(self, action):
        if action == "approve":
            return ApproveReviewForm
        if action == "reject":
            return RequestChangesForm
        return super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            if blockers := approval_blockers(task_state.workflow_state.content_object):
                raise PermissionDenied(" ".join(blockers))
            self.record_review(task_state, user, kwargs.pop("next_review_due", None))
        return super().on_action(task_state, user, action_name, **kwargs)

    def record_review(self, task_state, user, next_review_due):
        """Write the review onto the revision that finishing the workflow publishes
        (Wagtail publishes the object's latest revision)."""
        clinician = clinician_for(user)
        if clinician is None:
            raise PermissionDenied("Only a clinician can approve a medical review.")
        reviewed = today()
        if isinstance(next_review_due, str):
            # Approving from the page editor posts the approval form's data as JSON.
            form = ApproveReviewForm({"next_review_due": next_review_due})
            if not form.is_valid():
                raise BadRequest(form.errors.as_text())
            next_review_due = form.cleaned_data["next_review_due"]
        if next_review_due is None:
            next_review_due = default_next_review(reviewed)
        check_next_review(next_review_due, reviewed)

        revision = task_state.workflow_state.content_object.get_latest_revision()
        page = revision.as_object()
        page.last_reviewed = reviewed
        page.next_review_due = next_review_due
        page.reviewed_by = clinician
        revision.content = page.serializable_data()
        revision.save(update_fields=["content"])

    @classmethod
    def get_description(cls):
        return "Clinical reviewers approve (recording the review) or request changes"

    class Meta:
        # Its table from when it was part of condition_pages (migration 0009 there).
        db_table = "condition_pages_medicalreviewtask"
        verbose_name = "Medical review task"
        verbose_name_plural = "Medical review tasks"
