from django.apps import AppConfig


class ConditionPagesConfig(AppConfig):
    name = "condition_pages"
    verbose_name = "Condition pages"
