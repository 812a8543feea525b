"""The Medical review workflow and the two groups it works with, made idempotently:

- "Editors" create and edit pages (add and change on the whole tree) but never publish
  (no publish permission, which is also what unpublishing and scheduling need);
- "Clinical reviewers" may open and edit pages and approve or request changes in the
  "Medical review" workflow, whose one task is a MedicalReviewTask for their group.

The workflow is assigned to every condition index there is; a new index gets it when
it is created (clinical_review.medical_review)."""

from django.db import migrations

WORKFLOW = "Medical review"
TASK = "Clinical approval"
EDITORS = "Editors"
REVIEWERS = "Clinical reviewers"


def page_permission(apps, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    return Permission.objects.get_or_create(
        content_type=page_type, codename=codename, defaults={"name": name}
    )[0]


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    MedicalReviewTask = apps.get_model("condition_pages", "MedicalReviewTask")
    ConditionIndexPage = apps.get_model("condition_pages", "ConditionIndexPage")

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    add = page_permission(apps, "add_page", "Can add page")
    change = page_permission(apps, "change_page", "Can change page")
    publish = page_permission(apps, "publish_page", "Can publish page")
    root = Page.objects.get(depth=1)

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    for group in (editors, reviewers):
        group.permissions.add(access_admin)
        for permission in (add, change):
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    # Only the workflow (or someone with publish rights) makes a page live.
    GroupPagePermission.objects.filter(group=editors, permission=publish).delete()

    task_type, _ = ContentType.objects.get_or_create(
        app_label="condition_pages", model="medicalreviewtask"
    )
    task = MedicalReviewTask.objects.filter(name=TASK).first()
    if task is None:
        task = MedicalReviewTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.add(reviewers)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in ConditionIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("condition_pages", "MedicalReviewTask").objects.filter(name=TASK).delete()
    apps.get_model("auth", "Group").objects.filter(name=REVIEWERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("condition_pages", "0006_medical_review"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # Wagtail's own initial groups, permissions and "Moderators approval" workflow
        # come first, so that this adjusts them rather than racing them.
        ("wagtailcore", "0098_apitoken"),
        # These give every group with admin access the right to choose documents and
        # images; run them first so the order of migrations never changes the result.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
