"""The Medical review: nothing reaches patients until a clinical reviewer approves it,
and the approval itself writes the page's review record.

A normal Wagtail workflow ("Medical review", made by migration 0003 and assigned to
every condition index) with one task, `MedicalReviewTask`: members of the "Clinical
reviewers" group approve (which publishes the submitted revision) or request changes
with a comment. Approving records today as `last_reviewed`, the approving user's
clinician profile as `reviewed_by`, and `next_review_due` (twelve months on unless
the reviewer chooses sooner) on the revision that is published, so the record goes
live with the approval and nobody types it."""

from django import forms
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.widgets import AdminDateInput
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, Workflow, WorkflowPage

WORKFLOW_NAME = "Medical review"
TASK_NAME = "Clinical approval"
REVIEWERS_GROUP = "Clinical reviewers"
EDITORS_GROUP = "Editors"
REVIEW_INTERVAL_MONTHS = 12


def today():
    return timezone.localdate()


def default_next_review(reviewed):
    """Twelve months after the review (28 February after a 29 February)."""
    try:
        return reviewed.replace(year=reviewed.year + 1)
    except ValueError:
        return reviewed.replace(year=reviewed.year + 1, day=28)


def check_next_review(due, reviewed):
    if due <= reviewed:
        raise ValidationError("The next review must be due after today.")
    if due > default_next_review(reviewed):
        raise ValidationError(
            f"The next review must be due within {REVIEW_INTERVAL_MONTHS} months."
        )


# --- Approval blockers: a hook for other apps (e.g. the importer's notes). ------------
# Each function registered under this hook name takes the page and returns the reasons
# (sentences) it may not be approved yet; while there is one, only "Request changes"
# is offered, and an approval sent anyway is refused.
APPROVAL_BLOCKERS_HOOK = "medical_review_approval_blockers"


def approval_blockers(page):
    return [reason for check in hooks.get_hooks(APPROVAL_BLOCKERS_HOOK) for reason in check(page)]


# --- end of the approval blockers hook. -----------------------------------------------


def clinician_for(user):
    from .models import Clinician

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
        verbose_name = "Medical review task"
        verbose_name_plural = "Medical review tasks"


def medical_review_workflow():
    return Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()


def assign_medical_review(index_page):
    """Put a condition index (and so every condition under it) under Medical review."""
    workflow = medical_review_workflow()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})


@receiver(post_save, sender="condition_pages.ConditionIndexPage")
def new_condition_index_gets_medical_review(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_medical_review(instance)


def approve_as(page, reviewer, *, submitter=None):
    """Take a page's latest revision through its Medical review as `reviewer` would in
    the admin: start the workflow if needed, then approve. Used by the sample content."""
    page = page.specific
    workflow_state = page.current_workflow_state
    if workflow_state is None:
        workflow = page.get_workflow()
        if workflow is None:
            raise ValueError(f"{page} has no workflow to review it.")
        workflow_state = workflow.start(page, submitter or reviewer)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "approve")
