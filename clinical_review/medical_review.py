"""The Medical review: nothing reaches patients until a clinical reviewer approves it,
and the approval itself writes the page's review record.

A normal Wagtail workflow ("Medical review", made by migration
condition_pages 0007 and assigned to every condition index) with one task,
`MedicalReviewTask` (clinical_review.models): members of the "Clinical
reviewers" group approve (which publishes the submitted revision) or request changes
with a comment. Approving records today as `last_reviewed`, the approving user's
clinician profile as `reviewed_by`, and `next_review_due` (REVIEW_INTERVAL_MONTHS on unless
the reviewer chooses sooner) on the revision that is published, so the record goes
live with the approval and nobody types it."""

import calendar

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Page, Revision, TaskState, Workflow, WorkflowPage, WorkflowState

from .revision_validity import revision_problems

WORKFLOW_NAME = "Medical review"
TASK_NAME = "Clinical approval"
REVIEWERS_GROUP = "Clinical reviewers"
EDITORS_GROUP = "Editors"
REVIEW_INTERVAL_MONTHS = 12


def today():
    return timezone.localdate()


def default_next_review(reviewed):
    """REVIEW_INTERVAL_MONTHS after the review, on the same day of the month, or the
    month's last day when it has fewer (28 February after a 29 February)."""
    months = reviewed.month - 1 + REVIEW_INTERVAL_MONTHS
    year, month = reviewed.year + months // 12, months % 12 + 1
    return reviewed.replace(
        year=year, month=month, day=min(reviewed.day, calendar.monthrange(year, month)[1])
    )


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
# is offered, and an approval sent anyway is refused. A revision that would not make
# a valid page or snippet is always a blocker (clinical_review.revision_validity).
APPROVAL_BLOCKERS_HOOK = "medical_review_approval_blockers"


def approval_blockers(obj):
    reasons = revision_problems(obj)
    if isinstance(obj, Page):  # the hook's functions are given pages only
        reasons += [
            reason for check in hooks.get_hooks(APPROVAL_BLOCKERS_HOOK) for reason in check(obj)
        ]
    return reasons


# --- end of the approval blockers hook. -----------------------------------------------


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


@receiver(post_save, sender=Revision)
def edit_in_review_needs_its_own_approval(sender, instance, created, raw=False, **kwargs):
    """A change saved while its object is in review (a new revision, or an autosave
    overwriting the submitted one) is not what the reviewer was asked to approve: the
    review starts again on it, so an approval names the revision it approves and an
    approval sent for the old one is refused (MedicalReviewTask.on_action). Saves of
    a few fields (the review record, a go-live date) are not edits."""
    if raw or (not created and kwargs.get("update_fields") is not None):
        return
    state = (
        WorkflowState.objects.active()
        .filter(base_content_type_id=instance.base_content_type_id, object_id=instance.object_id)
        .select_related("current_task_state")
        .first()
    )
    task_state = state and state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return
    if created and task_state.revision_id == instance.pk:
        return
    task_state.status = TaskState.STATUS_CANCELLED
    task_state.finished_at = timezone.now()
    task_state.finished_by = instance.user
    task_state.save(update_fields=["status", "finished_at", "finished_by"])
    restarted = task_state.task.specific.start(state, user=instance.user)
    # The object's latest_revision is set only after this signal: name the revision.
    restarted.revision = instance
    restarted.save(update_fields=["revision"])
    state.current_task_state = restarted
    state.save(update_fields=["current_task_state"])


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
