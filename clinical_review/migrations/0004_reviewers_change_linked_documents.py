"""Clinical reviewers may upload, choose and change documents: once a document is
linked from a live condition page, they are the ones who may change its file or
title (clinical_review.shared_content), as they already may for images (0003)."""

from django.db import migrations

REVIEWERS = "Clinical reviewers"
ACTIONS = ["add", "change", "choose"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    document_type, _ = ContentType.objects.get_or_create(
        app_label="wagtaildocs", model="document"
    )
    for group in Group.objects.filter(name=REVIEWERS):
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=document_type,
                codename=f"{action}_document",
                defaults={"name": f"Can {action} document"},
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def revoke(apps, schema_editor):
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(
        group__name=REVIEWERS, permission__content_type__app_label="wagtaildocs"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("clinical_review", "0003_reviewers_change_shown_images"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
