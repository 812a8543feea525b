from django.apps import AppConfig


class ConditionPagesConfig(AppConfig):
    name = "condition_pages"
    verbose_name = "Condition pages"

    def ready(self):
        from . import cache_purge, scheduling  # noqa: F401 (scheduling connects its receivers)
        from .api_v3 import register

        register()
        cache_purge.connect()
