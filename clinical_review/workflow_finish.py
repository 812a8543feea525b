"""What finishing an approved workflow does (settings.WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail publishes the latest revision as the last approver, and since Wagtail 8 that
needs the approver's own publish permission. Clinical reviewers deliberately have
none, so they cannot publish around the Medical review: for that workflow the
approval itself is the permission. Every other workflow keeps Wagtail's behaviour.

Wagtail reads this setting while `wagtail.models` is being imported, so this module
must not import models at its top."""

from wagtail.workflows import publish_workflow_state


def publish_workflow_state_or_medical_review(workflow_state, user=None):
    from .medical_review import WORKFLOW_NAME

    if workflow_state.workflow.name != WORKFLOW_NAME:
        return publish_workflow_state(workflow_state, user=user)
    revision = workflow_state.content_object.get_latest_revision()
    return revision.publish(user=user, skip_permission_checks=True)
