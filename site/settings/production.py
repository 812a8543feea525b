"""Production: everything that matters comes from the environment, and a missing
value stops the process at start instead of falling back to something unsafe."""

import os

from .base import *  # noqa: F403
from .environment import env_list, required_env

DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=True)
required_env("DATABASE_URL")  # base.py parses it; refuse the SQLite fallback here.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's public address, which every link in the admin's emails (review requests,
# reminders, appointment notices) starts with: base.py's demo default would send staff
# to http://127.0.0.1:8000.
WAGTAILADMIN_BASE_URL = required_env("WAGTAILADMIN_BASE_URL")

# TLS ends at the load balancer, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Webhook bodies and their signatures cross the network: https targets only, unless
# an operator opts in (a receiver on a private network, say).
WEBHOOKS_ALLOW_HTTP = os.environ.get("WEBHOOKS_ALLOW_HTTP", "false").lower() == "true"
# Nor may a webhook make the server POST to its own network (the database, Redis, a
# cloud metadata service): public addresses only, unless receivers live inside it.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = (
    os.environ.get("WEBHOOKS_ALLOW_PRIVATE_TARGETS", "false").lower() == "true"
)

if os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = True
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A 503 from /readyz is the probe working, not an error (site_config.health).
    "filters": {"skip_health_checks": {"()": "site_config.health.SkipHealthChecks"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["skip_health_checks"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
