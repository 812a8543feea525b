"""Four eyes: nobody approves a change they wrote or submitted.

The one rule, asked by the Medical review task (clinical_review.models) both when it
lists a reviewer's actions (so the admin hides "Approve") and when an approval
arrives (so a forged POST, or an API call through the task, is refused). A change is
every revision since the version patients see now (all of them before a first
publish) and the request that put it in review. A hospital with a single clinician
may allow self-approval with settings.ALLOW_SELF_APPROVAL (off by default)."""

from django.conf import settings

SELF_APPROVAL_REFUSED = (
    "You wrote or submitted this change, so another clinical reviewer must approve it."
)


def people_behind_change(obj):
    """The ids of the users who wrote a revision of the change under review or
    submitted it."""
    revisions = obj.revisions.all()
    if obj.live_revision_id:
        revisions = revisions.filter(pk__gt=obj.live_revision_id)
    people = set(revisions.exclude(user=None).values_list("user_id", flat=True))
    state = obj.current_workflow_state
    if state is not None and state.requested_by_id:
        people.add(state.requested_by_id)
    return people


def may_approve_own_work():
    return getattr(settings, "ALLOW_SELF_APPROVAL", False)


def is_own_work(user, obj):
    """True when `user` may not approve `obj`'s change because it is theirs."""
    return not may_approve_own_work() and user.pk in people_behind_change(obj)
