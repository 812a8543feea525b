from .base import *  # noqa: F403

DEBUG = True
# Only ever used on a developer's machine; production.py refuses to start without its own.
SECRET_KEY = "django-insecure-dev-only-key-for-the-local-demo"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# So that the demo prints the appointments team's email for each request it receives.
APPOINTMENTS_NOTIFY_EMAILS = APPOINTMENTS_NOTIFY_EMAILS or ["appointments@example.org"]  # noqa: F405

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
