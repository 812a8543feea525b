from django.apps import AppConfig


class ContentAPIConfig(AppConfig):
    """API v2 and v3 for apps: typed reads, writes, the change feed, headless preview.
    Its changes to Wagtail's API are applied by site_config.patches."""

    name = "content_api"
    verbose_name = "Content API"

    def ready(self):
        from wagtail.api.v3.api import api

        from .v3.changes import router as changes_router
        from .v3.router import router as conditions_router

        api.add_router("/conditions/", conditions_router)
        api.add_router("/changes/", changes_router)
