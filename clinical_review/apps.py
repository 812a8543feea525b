from django.apps import AppConfig


class ClinicalReviewConfig(AppConfig):
    """The Medical review: the workflow task, the review record its approval writes,
    reviews due (report, dashboard panel, reminders)."""

    name = "clinical_review"
    verbose_name = "Clinical review"

    def ready(self):
        from . import medical_review  # noqa: F401 (connects its receivers)
        from .shared_content import register_deletion_policies

        register_deletion_policies()
