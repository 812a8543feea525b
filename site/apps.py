from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself as an app: it applies the framework patches
    (site_config.patches) once every app is loaded."""

    name = "site_config"
    label = "site_config"
    verbose_name = "Site"

    def ready(self):
        from . import patches

        patches.apply()
