"""Reusable calls to action go through the Medical review, as condition pages do: the
workflow is assigned to their model (Wagtail's WorkflowContentType), clinical
reviewers may open and change them, and editors no longer delete them (a deletion
would take text off live pages with no review). Nobody but a superuser gets their
publish permission: the approval publishes."""

from django.db import migrations

WORKFLOW = "Medical review"
EDITORS = "Editors"
REVIEWERS = "Clinical reviewers"


def call_to_action_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="condition_pages", model="calltoaction")[0]


def permission(apps, content_type, action):
    return apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_calltoaction",
        defaults={"name": f"Can {action} call to action"},
    )[0]


def assign(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    content_type = call_to_action_type(apps)
    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is not None:
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    for group in Group.objects.filter(name=REVIEWERS):
        group.permissions.add(*(permission(apps, content_type, a) for a in ("view", "change")))
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(permission(apps, content_type, "delete"))


def unassign(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    content_type = call_to_action_type(apps)
    apps.get_model("wagtailcore", "WorkflowContentType").objects.filter(
        content_type=content_type
    ).delete()
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.add(permission(apps, content_type, "delete"))


class Migration(migrations.Migration):
    dependencies = [
        ("clinical_review", "0001_medical_review_task"),
        ("condition_pages", "0010_call_to_action_drafts_and_review"),
        ("wagtailcore", "0083_workflowcontenttype"),
    ]

    operations = [migrations.RunPython(assign, unassign)]
