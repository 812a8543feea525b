"""The "Appointment coordinators" group: staff who read appointment requests and update
their status in the Wagtail admin, and nothing else. Add a user to it to let them."""

from django.db import migrations

GROUP = "Appointment coordinators"
ACTIONS = ["view", "change"]


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    # On a fresh database Django creates content types and permissions only after all
    # migrations have run, so make the ones needed here (it will then reuse them).
    content_type, _ = ContentType.objects.get_or_create(
        app_label="appointments", model="appointmentrequest"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_appointmentrequest",
            defaults={"name": f"Can {action} appointment request"},
        )[0]
        for action in ACTIONS
    ]
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(access_admin, *permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # These give every group with admin access the right to choose documents and
        # images; run them first, so that this group gets only what it is given here.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
