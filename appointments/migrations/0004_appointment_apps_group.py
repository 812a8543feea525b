"""The "Appointment apps" group: accounts for apps that send appointment requests
through API v3, and may do nothing else (no admin, no reading requests back). Staff
put an app's account in it and issue the app an API token (Settings > API tokens)."""

from django.db import migrations

GROUP = "Appointment apps"


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    # As in 0002: on a fresh database the permission does not exist yet; Django reuses
    # this one when it creates permissions after the migrations.
    content_type, _ = ContentType.objects.get_or_create(
        app_label="appointments", model="appointmentrequest"
    )
    submit, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_appointmentrequest",
        defaults={"name": "Can send appointment requests by API"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(submit)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0003_api_submit_permission_and_idempotency_keys"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
