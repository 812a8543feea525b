"""Settings shared by every environment. Environment variables are read here and in
production.py only; each environment module overrides what differs."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "condition_pages",
    "home",
    "appointments",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "corsheaders",
    # Serves Swagger UI for /api/v3/docs/ from our static files instead of a CDN.
    "ninja",
    "csp",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Document headers; static files (WhiteNoise, above) answer before these run.
    "csp.middleware.CSPMiddleware",
    "site_config.middleware.PermissionsPolicyMiddleware",
    # Outside ConditionalGetMiddleware so that 304 responses carry CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "site_config.middleware.APICacheHeadersMiddleware",
    "condition_pages.api_v3.parameters.RejectUnknownParametersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite by default so the demo needs no other service; PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when configured (shared by every app server), else a per-process cache.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# An absolute URL when media live on object storage or a CDN (its origin joins img-src).
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Complex StreamField pages post many fields from the page editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "SSO Hospital: condition information"
# A clinician's approval in the Medical review publishes the page without their
# holding publish rights themselves (condition_pages/workflow_finish.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = (
    "condition_pages.workflow_finish.publish_workflow_state_or_medical_review"
)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

# The database backend uses PostgreSQL full-text search there and a simpler index on
# SQLite; Elasticsearch/OpenSearch is a change of this setting alone.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]

# Absolute URLs in API responses use the Wagtail Site's root URL unless this is set.
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL") or None
# Display HTML with internal links resolved; clients may ask for ?rich_text_format=markdown.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_SEARCH_ENABLED = True
WAGTAILAPI_LIMIT_MAX = 100

# Headless preview: how long an editor's preview link works, and the app front end's
# preview URL ("https://app.example.org/preview?token={token}"); without one, editors
# see the JSON an app would receive.
PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("PREVIEW_TOKEN_MAX_AGE", str(60 * 60)))
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "")

# Browser apps on these origins (comma-separated) may call the API; no others may.
CORS_ALLOWED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CORS_ALLOWED_ORIGINS", "").split(",")
    if origin.strip()
]
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["ETag"]

REST_FRAMEWORK = {
    # The API is read-only for anonymous clients: no browsable-API forms.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Appointment requests (appointments/): who is emailed when one arrives (comma-separated;
# nobody when empty), and how many requests one client address may send. The limit is
# counted in the default cache: shared by every app server with REDIS_URL, per process
# without it. If the cache cannot count, requests go through rather than being lost.
APPOINTMENTS_NOTIFY_EMAILS = [
    address.strip()
    for address in os.environ.get("APPOINTMENTS_NOTIFY_EMAILS", "").split(",")
    if address.strip()
]
APPOINTMENTS_RATE_LIMIT = "5/10m"
RATELIMIT_FAIL_OPEN = True

# Security headers, for every environment (production.py adds TLS: HSTS, redirects,
# secure cookies). Django's SecurityMiddleware sends the first three,
# XFrameOptionsMiddleware the fourth, site_config.middleware the Permissions-Policy.
SECURE_CONTENT_TYPE_NOSNIFF = True
# A patient's visit to a cancer hospital's page is nobody else's business: other sites
# get no Referer at all.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "browsing-topics",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
)

# Content-Security-Policy (django-csp). The public site runs no JavaScript and has no
# inline styles, so nothing inline may run; JSON-LD data blocks are not scripts that
# run, so the policy leaves them alone. The API keeps it too: JSON needs nothing it
# forbids, and /api/v3/docs/ (Swagger UI from django-ninja's static files) works under
# it. The Wagtail admin, which needs inline scripts, is left out.
_media_origin = urlsplit(MEDIA_URL)
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ("/admin/",),
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"]
        + ([f"{_media_origin.scheme}://{_media_origin.netloc}"] if _media_origin.netloc else []),
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Brute-force protection for every login form (Wagtail's /admin/login/ and any
# Django one): five wrong passwords for one username from one address lock that pair
# out for 15 minutes (django-axes). Counts live in the database, so every app server
# shares them. `manage.py axes_reset_username <name>` lifts a lockout early.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/login_locked_out.html"
AXES_CLIENT_IP_CALLABLE = "site_config.security.client_ip"
# How many proxies (load balancer, CDN) stand in front of the app servers and append
# to X-Forwarded-For; 0: the client connects directly (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = 0
