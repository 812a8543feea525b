from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    """What every other app of the project stands on: the content version, the app
    cache's rules, and the database's client-side deadlines (core.database)."""

    name = "core"

    def ready(self):
        engines = {database["ENGINE"] for database in settings.DATABASES.values()}
        if "django.db.backends.postgresql" in engines:
            from .database import install

            install(
                connect_timeout=settings.DATABASE_CONNECT_TIMEOUT,
                read_timeout=settings.DATABASE_READ_TIMEOUT,
            )
