from django.apps import AppConfig


class ConditionPagesConfig(AppConfig):
    name = "condition_pages"
    verbose_name = "Condition pages"

    def ready(self):
        from . import scheduling  # noqa: F401 (connects its signal receivers)
        from .api_v3 import register

        register()
