from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Publishing and delivery: scheduled go-live and expiry, and the purges of the
    HTTP cache that follow every change."""

    name = "publishing"

    def ready(self):
        from . import cache_purge, scheduling  # noqa: F401 (scheduling connects its receivers)

        cache_purge.connect()
