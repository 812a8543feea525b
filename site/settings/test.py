import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "tests-only-not-secret"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = caches()  # noqa: F405 (each process's memory)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
# Uploaded images and renditions go to a throwaway folder, never the working tree.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="condition-pages-test-media-"))
# Webhook retries after 50 ms, then 100 ms: the backoff is real but fast.
WEBHOOKS_RETRY_DELAY = 0.05
WEBHOOKS_MAX_ATTEMPTS = 3
WEBHOOKS_TIMEOUT = 2
# The suite's own fixtures (migrations, flushes, serialized rollbacks) weigh more than
# any request and share a busy machine: its connection may wait 30 s. Servers started
# by the tests run the production settings, with the shipped timeouts.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["OPTIONS"]["options"] = "-c statement_timeout=30000"  # noqa: F405
    DATABASE_READ_TIMEOUT = 31
