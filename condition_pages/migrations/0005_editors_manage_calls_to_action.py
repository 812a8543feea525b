"""Editors and moderators write, change and delete the reusable calls to action that
they choose on condition pages (Wagtail's "Editors" and "Moderators" groups)."""

from django.db import migrations

GROUPS = ["Editors", "Moderators"]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    # On a fresh database Django creates content types and permissions only after all
    # migrations have run, so make the ones needed here (it will then reuse them).
    content_type, _ = ContentType.objects.get_or_create(
        app_label="condition_pages", model="calltoaction"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_calltoaction",
            defaults={"name": f"Can {action} call to action"},
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="condition_pages", codename__endswith="_calltoaction"
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("condition_pages", "0004_reusable_calls_to_action_and_editor_help"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Where Wagtail creates the Editors and Moderators groups.
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
