"""Benchmark settings: production-like (DEBUG off, manifest-free static files) on
whatever DATABASE_URL says (and REDIS_URL, when set, for the shared cache)."""

import os
import tempfile
from pathlib import Path

from site_config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "benchmark-only-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", tempfile.gettempdir()))
# No collectstatic here: WhiteNoise finds the stylesheets in the apps' folders, so that
# pages measured in a browser (bench/page_weight.py) look as they do in production.
WHITENOISE_USE_FINDERS = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
