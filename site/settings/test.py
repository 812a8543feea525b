import os
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
else:
    # A file, not Django's default in-memory test database: that one is a single
    # connection the live server's threads share with the tests, so a request still
    # running while a test goes on (a browser's last fetch, a client that gave up)
    # interleaves its transactions with the test's and can leave the connection out of
    # autocommit for every later test (Django's LiveServerTestCase docs warn of it).
    # On tmpfs where there is one: as fast as memory. Each thread waits up to 30 s for
    # the write lock, as PostgreSQL's statements do above.
    _shared_memory = Path("/dev/shm")
    _folder = _shared_memory if _shared_memory.is_dir() else Path(tempfile.gettempdir())
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(_folder / f"condition-pages-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["timeout"] = 30  # noqa: F405
