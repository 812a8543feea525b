"""MedicalReviewTask, moved here from condition_pages with its tables unchanged
(condition_pages 0009). Existing tasks name their type by content type, which moves
with it, so Wagtail still finds each task's specific class."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="condition_pages", model="medicalreviewtask")
    new = ContentType.objects.filter(app_label="clinical_review", model="medicalreviewtask")
    if not new.exists():
        old.update(app_label="clinical_review")
        return
    # Both exist (content types made after the move): point every task at the new one.
    apps.get_model("wagtailcore", "Task").objects.filter(content_type__in=old).update(
        content_type=new.get()
    )
    apps.get_model("auth", "Permission").objects.filter(content_type__in=old).delete()
    old.delete()


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="clinical_review", model="medicalreviewtask").update(
        app_label="condition_pages"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("condition_pages", "0009_medical_review_task_moves_to_clinical_review"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MedicalReviewTask",
                    fields=[
                        (
                            "task_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to="wagtailcore.task",
                            ),
                        ),
                        (
                            "groups",
                            models.ManyToManyField(
                                help_text="Pages/snippets at this step in a workflow will be "
                                "moderated or approved by these groups of users",
                                to="auth.group",
                                verbose_name="groups",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Medical review task",
                        "verbose_name_plural": "Medical review tasks",
                        "db_table": "condition_pages_medicalreviewtask",
                    },
                    bases=("wagtailcore.task",),
                )
            ]
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
