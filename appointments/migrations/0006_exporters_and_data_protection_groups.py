"""Two groups for what reading requests does not include:
- "Appointment exporters": read the requests and export them (CSV, XLSX), the one
  way many patients' data leave the admin at once;
- "Data protection officers": answer a person's requests under the DPDP Act: find
  every request from one phone number or email address, export them for the person,
  correct and erase them.
Neither changes a request's status (that is the coordinators' work)."""

from django.db import migrations

GROUPS = {
    "Appointment exporters": ["view_appointmentrequest", "export_appointmentrequest"],
    "Data protection officers": ["view_appointmentrequest", "handle_data_requests"],
}
NAMES = {
    "view_appointmentrequest": "Can view appointment request",
    "export_appointmentrequest": "Can export appointment requests (CSV, XLSX)",
    "handle_data_requests": "Can find, export, correct and erase one person's appointment "
    "requests",
}


def create_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    # As in 0002: on a fresh database the permissions do not exist yet; Django reuses
    # these when it creates permissions after the migrations.
    content_type, _ = ContentType.objects.get_or_create(
        app_label="appointments", model="appointmentrequest"
    )
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name, codenames in GROUPS.items():
        permissions = [
            Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": NAMES[codename]}
            )[0]
            for codename in codenames
        ]
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin, *permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0005_export_and_data_request_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
