from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "importer"
    verbose_name = "Importer"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # After site_config (first in INSTALLED_APPS), whose patches must reach
        # Wagtail's v3 API before anything imports it.
        from wagtail.api.v3.api import api

        from .api import router

        api.add_router("/imports/", router)
