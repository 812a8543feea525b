"""Clinical reviewers may upload, choose and change images: once an image is shown on
a live condition page, they are the ones who may change what patients see of it
(clinical_review.shared_content)."""

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
    image_type, _ = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")
    for group in Group.objects.filter(name=REVIEWERS):
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=image_type,
                codename=f"{action}_image",
                defaults={"name": f"Can {action} image"},
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def revoke(apps, schema_editor):
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(
        group__name=REVIEWERS, permission__content_type__app_label="wagtailimages"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("clinical_review", "0002_calls_to_action_under_medical_review"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
