from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "importer"
    verbose_name = "Importer"
    default_auto_field = "django.db.models.BigAutoField"
