from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    """Expiry for Wagtail's API tokens: its model (models.py), the bearer check that
    refuses expired tokens (auth.py) and the admin's token pages (views.py, forms.py),
    put in place by site_config.patches."""

    name = "api_tokens"
    verbose_name = "API tokens"
