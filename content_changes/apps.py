from django.apps import AppConfig


class ContentChangesConfig(AppConfig):
    name = "content_changes"
    verbose_name = "Content changes"

    def ready(self):
        from .models import connect

        connect()
