"""The Medical review's task: who may approve, and what an approval records
(clinical_review.medical_review has the workflow around it)."""

from django import forms
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction

from wagtail.admin.widgets import AdminDateInput
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, WorkflowState

from .four_eyes import SELF_APPROVAL_REFUSED, is_own_work
from .languages import clinician_for, reviewer_for
from .medical_review import (
    REVIEW_INTERVAL_MONTHS,
    approval_blockers,
    check_next_review,
    default_next_review,
    today,
)


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
        if not self.approval_refusals(obj, user):
            actions += [
                ("approve", "Approve and publish", False),
                ("approve", "Approve and publish, with a comment or an earlier next review", True),
            ]
        return actions

    def approval_refusals(self, obj, user):
        """Why `user` may not approve `obj`'s change ([] when they may): only a
        clinician can be named as the reviewer, one who reads the page's language
        (clinical_review.languages), never of their own change (four eyes), nor of one
        that cannot be published."""
        if clinician_for(user) is None:
            return ["Only a clinician can approve a medical review."]
        if reviewer_for(user, obj) is None:
            return ["Only a clinician who reads the page's language can approve its review."]
        if is_own_work(user, obj):
            return [SELF_APPROVAL_REFUSED]
        return approval_blockers(obj)

    def get_form_for_action(self, action):
        if action == "approve":
            return ApproveReviewForm
        if action == "reject":
            return RequestChangesForm
        return super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            task_state = self.task_state_to_approve(task_state, user)
            self.refuse_approval_unless_allowed(task_state, user)
            self.record_review(task_state, user, kwargs.pop("next_review_due", None))
        return super().on_action(task_state, user, action_name, **kwargs)

    def task_state_to_approve(self, task_state, user):
        """The task state the approval is for. Approving from the page editor first
        saves the approver's own edits, which restarts the review on them
        (medical_review.edit_in_review_needs_its_own_approval): the approval then
        belongs to that new task state, as long as nobody else changed it since."""
        workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
        current = workflow_state.current_task_state
        if current is None or current.pk == task_state.pk:
            return task_state
        others = workflow_state.content_object.revisions.filter(
            pk__gt=task_state.revision_id
        ).exclude(user=user)
        return task_state if others.exists() else current.specific

    def refuse_approval_unless_allowed(self, task_state, user):
        """The checks behind get_actions again, for an approval posted anyway (a
        forged form, an API call), each refusal with its reasons."""
        obj = task_state.workflow_state.content_object
        current = task_state.workflow_state.current_task_state_id == task_state.pk
        if not current or task_state.revision_id != obj.latest_revision_id:
            raise PermissionDenied(
                "This was changed after it was submitted: review the latest version."
            )
        if refusals := self.approval_refusals(obj, user):
            raise PermissionDenied(" ".join(refusals))

    def record_review(self, task_state, user, next_review_due):
        """Write the review onto the revision that finishing the workflow publishes
        (Wagtail publishes the object's latest revision). A snippet (a reusable call
        to action) keeps no review record: its approval is its publication."""
        revision = task_state.workflow_state.content_object.get_latest_revision()
        page = revision.as_object()
        if not hasattr(page, "last_reviewed"):
            return
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

        page.last_reviewed = reviewed
        page.next_review_due = next_review_due
        page.reviewed_by = reviewer_for(user, page)
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
