"""Editors translate (docs/translations.md): they may submit a page for translation
with wagtail-localize, whose permission this is. Publishing stays with the Medical
review, as for any page."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_content_locales"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        # The Editors group (condition_pages 0005 gives it its permissions).
        ("condition_pages", "0005_editors_manage_calls_to_action"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
