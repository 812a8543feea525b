from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "importer"
    verbose_name = "Importer"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # After condition_pages (INSTALLED_APPS order), which registers its schemas
        # before anything imports Wagtail's v3 API.
        from wagtail.api.v3.api import api

        from .api import router

        api.add_router("/imports/", router)
