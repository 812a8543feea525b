"""Who must sign in with a second factor: everyone who can read personal data or
make content public, and every admin user when STAFF_TWO_FACTOR_FOR_EVERYONE is set.
Editors otherwise may set one up, and once they have, it is asked of them too."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group

from wagtail.models import AbstractGroupApprovalTask, GroupPagePermission

# Reading patients' requests in any way, or the audit trail (staff's names and
# addresses). Sending a request by API is not reading one.
PERSONAL_DATA_PERMISSIONS = (
    "appointments.view_appointmentrequest",
    "appointments.change_appointmentrequest",
    "appointments.export_appointmentrequest",
    "appointments.handle_data_requests",
    "audit.view_auditevent",
)


def approval_tasks():
    """Every kind of workflow task approved by a group (Wagtail's own, and the
    Medical review's, clinical_review.medical_review.MedicalReviewTask)."""
    return [model for model in apps.get_models() if issubclass(model, AbstractGroupApprovalTask)]


def can_publish(user):
    """Publishes pages or snippets, or approves in a workflow (the Medical review's
    approval publishes without the reviewer holding publish rights)."""
    groups = Group.objects.filter(user=user)
    return (
        GroupPagePermission.objects.filter(
            group__in=groups, permission__codename="publish_page"
        ).exists()
        or any(
            task.objects.filter(active=True, groups__in=groups).exists()
            for task in approval_tasks()
        )
        or any(
            permission.split(".", 1)[1].startswith("publish_")
            for permission in user.get_all_permissions()
        )
    )


def must_use_two_factor(user):
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if any(user.has_perm(permission) for permission in PERSONAL_DATA_PERMISSIONS):
        return True
    if not user.has_perm("wagtailadmin.access_admin"):
        return False  # an app's account: it has API tokens, not sign-ins
    return settings.STAFF_TWO_FACTOR_FOR_EVERYONE or can_publish(user)
