"""The "Auditors" group: staff who read and export the audit trail in the admin, and
nothing else (no patient's request, no page). Add a user to it to let them."""

from django.db import migrations

GROUP = "Auditors"


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    # As in appointments 0002: on a fresh database the permission does not exist yet;
    # Django reuses this one when it creates permissions after the migrations.
    content_type, _ = ContentType.objects.get_or_create(app_label="audit", model="auditevent")
    view, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_auditevent",
        defaults={"name": "Can view audit entry"},
    )
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(access_admin, view)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # As in appointments 0002: these give every admin group choose permissions.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
