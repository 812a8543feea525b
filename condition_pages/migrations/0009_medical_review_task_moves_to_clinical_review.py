"""MedicalReviewTask moved to the clinical_review app. Its tables stay as they are
(clinical_review keeps their names); only Django's record of which app owns it
moves, here and in clinical_review's 0001."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("condition_pages", "0008_clinical_codes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="MedicalReviewTask")]
        )
    ]
