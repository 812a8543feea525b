"""Settings shared by every environment. Environment variables are read here and in
production.py only; each environment module overrides what differs."""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from csp.constants import NONE, SELF

from django.core.exceptions import ImproperlyConfigured

from .environment import env_list

# The project folder (manage.py, templates/, the apps), found from an app rather than
# from this file: site_config is installed under its import name (pyproject.toml), and a
# regular `pip install .`, as in the Docker image, copies it into site-packages, away from
# the templates and static files. The apps are never installed, so wherever Python finds
# one of them is the project, however site_config was installed.
BASE_DIR = Path(importlib.util.find_spec("condition_pages").origin).resolve().parent.parent
PROJECT_DIR = BASE_DIR / "site"

INSTALLED_APPS = [
    # The project: its framework patches (site_config.patches).
    "site_config",
    "core",
    # The article (docs/architecture.md, "Where each concern lives").
    "condition_pages",
    "editor_tools",
    # The Medical review, publishing and delivery, the content API.
    "clinical_review",
    "publishing",
    "content_api",
    # The change log behind /api/v3/changes/ (docs/api.md, "Staying in sync").
    "content_changes",
    "home",
    "appointments",
    "webhooks",
    # Old pages (text, web pages, Word) as drafts in the Medical review (docs/editors.md).
    "importer",
    # Expiry for API v3 tokens, shown with their last use (docs/api.md, "Tokens").
    "api_tokens",
    # The demo's sample content and logins (`make run`).
    "demo",
    # Who read, exported, changed or erased personal data, and staff sign-ins.
    "audit",
    # Staff sign-in: a second factor (django-otp's TOTP and recovery codes).
    "staff_accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    # Languages (docs/translations.md): translating field by field and block by block,
    # with PO files for an outside agency (wagtail-localize), and its admin of locales
    # (in place of wagtail.locales).
    "wagtail_localize",
    "wagtail_localize.locales",
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
    # Backup and restore of the database and media: `manage.py dbbackup`, `dbrestore`,
    # `mediabackup`, `mediarestore` (docs/operations.md, "Backups").
    "dbbackup",
    # Background tasks: django-tasks (Wagtail's own dependency) and its database queue.
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer load balancers whatever the host and scheme.
    "site_config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The language a URL is in, from its /hi/ or /mr/ prefix (English has none).
    "site_config.languages.PathLanguageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Brotli or gzip for the app's answers (static files come compressed at build time
    # and are answered above); outside the ETags and the page cache, which work on the
    # uncompressed body (site_config.compression).
    "site_config.compression.CompressionMiddleware",
    # Before anything reads content: publishes and expires what is due.
    "publishing.scheduling.ScheduledPublishingMiddleware",
    # Document headers; static files (WhiteNoise, above) answer before these run.
    "csp.middleware.CSPMiddleware",
    # Previews only: the admin may frame them (frame-ancestors 'self', SAMEORIGIN).
    "site_config.middleware.PreviewFramingMiddleware",
    "site_config.middleware.PermissionsPolicyMiddleware",
    # Outside ConditionalGetMiddleware so that 304 responses carry CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Cache-Control for shared caches; outside the session and CSRF middleware so that
    # it sees the cookies they set (site_config.http_cache).
    "site_config.http_cache.SharedCacheMiddleware",
    # Anonymous page answers from the app cache, under the content version: inside
    # the above, which decides their headers (site_config.response_cache).
    "site_config.response_cache.PageResponseCacheMiddleware",
    # Then the article a page URL routes to, when the page cache has no answer for it
    # (site_config.page_routes).
    "site_config.page_routes.PageRouteCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Once the user is known, before anything reads a request body (views, CSRF's
    # process_view): staff may upload more than the public may post.
    "site_config.middleware.RequestBodyLimitMiddleware",
    # Refuses hostile API queries and bodies (NUL bytes, huge values, JSON nested a
    # thousand deep) before any view reads them.
    "site_config.api_errors.APIQueryValidationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Which second factor verified the session (django-otp), then: a password alone
    # reaches nothing for staff who must use one (staff_accounts.middleware).
    "django_otp.middleware.OTPMiddleware",
    "staff_accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "content_api.v3.parameters.RejectUnknownParametersMiddleware",
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
                # APP_CACHE_SECONDS for the templates' {% cache %} fragments.
                "core.context_processors.app_cache",
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
# A database that does not answer costs a request seconds, not gunicorn's whole 30 s
# worker timeout: connecting gives up after DATABASE_CONNECT_TIMEOUT seconds and a
# query after DATABASE_STATEMENT_TIMEOUT milliseconds (0: no limit, e.g. for a long
# one-off migration). The page then answers 503 (site_config.errors). The server
# cancels a slow query; the client (core.database) gives up a second later on an
# answer that never comes (a vanished host, dropped packets), which the server cannot.
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
_statement_timeout = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "5000"))
DATABASE_READ_TIMEOUT = _statement_timeout / 1000 + 1 if _statement_timeout else None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    from core.database import DeadlineConnection

    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        options=f"-c statement_timeout={_statement_timeout}",
        connection_factory=DeadlineConnection,
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each of runserver's threads has its own connection: a transaction takes the write
    # lock as it begins, so two that read then write queue up instead of one failing at
    # once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Redis when configured (shared by every app server), else a per-process cache.
# The site must outlive its cache: django-redis logs a failed cache call and answers
# as a miss (IGNORE_EXCEPTIONS), so with Redis down every page is built from the
# database instead of failing; short socket timeouts keep a Redis that does not answer
# from holding requests up.
def redis_cache(url):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


def caches(redis_url=None):
    """The site's cache, and the one rate limits count in (RATELIMIT_USE_CACHE): both
    Redis when there is one, but counters fall back to each process's memory while
    Redis fails (core.fallback_cache) rather than stopping counting."""
    if not redis_url:
        local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        return {"default": local, "ratelimit": local}
    return {
        "default": redis_cache(redis_url),
        "ratelimit": {
            "BACKEND": "core.fallback_cache.RedisWithLocalFallback",
            "LOCATION": redis_url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
CACHES = caches(os.environ.get("REDIS_URL"))
RATELIMIT_USE_CACHE = "ratelimit"

# Staff sign-in (staff_accounts/). A second factor (an authenticator app, with
# recovery codes) is required of everyone who can read patients' data or publish
# (staff_accounts.policy); of every admin user too when this is set, else editors
# choose. Set up at first sign-in.
STAFF_TWO_FACTOR_FOR_EVERYONE = (
    os.environ.get("STAFF_TWO_FACTOR_FOR_EVERYONE", "false").lower() == "true"
)
# How authenticator apps name the account.
OTP_TOTP_ISSUER = "SSO Hospital"

# Staff sessions: signed out after this many minutes without a request (the session's
# expiry moves on with each request; Wagtail's page editor pings while it is open, so
# an open editor counts as activity). Django ends every other session of an account
# when its password changes; staff_accounts those a replaced second factor verified.
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = STAFF_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages (docs/translations.md). English is the source every translation is made
# from and keeps its URLs; Hindi and Marathi pages live under /hi/ and /mr/. The same
# list serves Wagtail's content locales and Django's interface catalogues (locale/).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("hi", "हिन्दी"), ("mr", "मराठी")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# No machine translation is called: a translator types or imports every word, and a
# clinician who reads the language approves it (docs/translations.md).
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# A new translation starts as a draft, whatever its source's state: wagtail-localize
# would otherwise publish a live page's or call to action's untranslated copy at once,
# before any clinician has seen it.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
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
    # Where django-dbbackup writes and finds backups (pg_dump's archive on PostgreSQL,
    # a copy of the database file on SQLite; a tarball of the media).
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("BACKUP_DIR", str(BASE_DIR / "backups"))},
    },
}

# Uploaded media: files in MEDIA_ROOT by default (a volume on a single server; the app
# serves the images, site_config.media); S3-compatible object storage when
# AWS_STORAGE_BUCKET_NAME is set, so that app servers can scale out (django-storages).
# MEDIA_URL must then be the public address of the bucket, or of the CDN in front of it:
# pages link images there and the Content-Security-Policy allows it. boto3 finds the
# credentials itself (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the server's role).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _media_address = urlsplit(MEDIA_URL)
    if not _media_address.netloc:
        raise ImproperlyConfigured(
            "With AWS_STORAGE_BUCKET_NAME, MEDIA_URL must be the bucket's public URL."
        )
    STORAGES["default"] = {
        "BACKEND": "site_config.storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "url_protocol": f"{_media_address.scheme}:",
            "custom_domain": (_media_address.netloc + _media_address.path).rstrip("/"),
            # Plain, lasting URLs, so pages that link images can be cached; the bucket's
            # policy makes images/ and original_images/ public and nothing else.
            "querystring_auth": False,
            "default_acl": None,
            # Wagtail relies on a new upload never replacing another file of that name.
            "file_overwrite": False,
        },
    }
# Documents always go through Wagtail's view, which checks collection and page privacy
# first, never by their storage's URL, so a private document stays private in a bucket.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Complex StreamField pages post many fields from the page editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies. Nothing the public or apps send is bigger than a form or a page's
# JSON, so a larger body is refused with a 413 before it is read
# (site_config.middleware.RequestBodyLimitMiddleware), the admin's sign-in and password
# reset forms included. Signed-in staff upload images and documents: up to
# STAFF_MAX_REQUEST_BODY_SIZE (Wagtail's own image limit, 10 MB, applies within it).
MAX_REQUEST_BODY_SIZE = int(os.environ.get("MAX_REQUEST_BODY_SIZE", str(1024 * 1024)))
STAFF_MAX_REQUEST_BODY_SIZE = int(
    os.environ.get("STAFF_MAX_REQUEST_BODY_SIZE", str(64 * 1024 * 1024))
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default: non-file fields, in memory
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads stream to a temporary file

WAGTAIL_SITE_NAME = "SSO Hospital: condition information"
# A clinician's approval in the Medical review publishes the page without their
# holding publish rights themselves (clinical_review/workflow_finish.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = (
    "clinical_review.workflow_finish.publish_workflow_state_or_medical_review"
)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Review reminders for a page with no content owner email go here, and the report
# flags the page (clinical_review/review_schedule.py).
REVIEW_REMINDER_FALLBACK_EMAIL = os.environ.get("REVIEW_REMINDER_FALLBACK_EMAIL", "")
# Four eyes (clinical_review/four_eyes.py): nobody approves a change they wrote or
# submitted. A hospital with a single clinician may set ALLOW_SELF_APPROVAL=true.
ALLOW_SELF_APPROVAL = os.environ.get("ALLOW_SELF_APPROVAL", "").lower() in ("1", "true", "yes")
# The approve action is named "Approve and publish" itself (clinical_review.models);
# with one task this setting only stops Wagtail adding " and Publish" to it.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# No autosave in the editors: every save is a revision in its author's name, which four
# eyes counts. Autosave saved for a reviewer who merely opened a page in review when the
# editor's script saw its own widgets settle as a change (on a busy machine), and the
# reviewer could then no longer approve. Editors save drafts themselves; Wagtail still
# warns before leaving unsaved changes.
WAGTAIL_AUTOSAVE_INTERVAL = 0

# Up to this many conditions the A–Z index lists them all on one page; beyond it each
# letter has a page of its own, so no page grows with the catalogue; a letter whose
# names (conditions and their other names) take more than A_TO_Z_LETTER_PAGE_BYTES of
# HTML is split into pages (`?page=2`, …) of at most that much (condition_pages.a_to_z
# `entry_bytes`): under 50 KB a page in Latin or Devanagari script, within the 60 KB
# that every page keeps to (bench/page_weight.py).
A_TO_Z_ONE_PAGE_MAX = 150
A_TO_Z_LETTER_PAGE_BYTES = 34_000

# Site search. Without SEARCH_BACKEND_URL: Wagtail's database backend, PostgreSQL
# full-text search there (answered from GIN indexes, see condition_pages migration
# 0002) and SQLite's FTS5 index elsewhere. With it: an Elasticsearch or OpenSearch
# cluster (comma-separated URLs), SEARCH_BACKEND naming Wagtail's backend for its
# version. Run `manage.py update_index` once after switching.
SEARCH_BACKENDS = [
    "elasticsearch7",
    "elasticsearch8",
    "elasticsearch9",
    "opensearch2",
    "opensearch3",
]
if os.environ.get("SEARCH_BACKEND_URL"):
    _search_backend = os.environ.get("SEARCH_BACKEND", "elasticsearch9")
    if _search_backend not in SEARCH_BACKENDS:
        raise ImproperlyConfigured(f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"wagtail.search.backends.{_search_backend}",
            "URLS": env_list("SEARCH_BACKEND_URL"),
            "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "conditions_"),
            "TIMEOUT": 5,
        }
    }
else:
    # Wagtail's database backend; on PostgreSQL each language's pages are indexed and
    # searched with a text search configuration for it (search/backend.py): PostgreSQL
    # has a Hindi stemmer but none for Marathi, whose words are kept whole.
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backend",
            "SEARCH_CONFIG": "english",
            "SEARCH_CONFIGS": {"en": "english", "hi": "hindi", "mr": "simple"},
        }
    }

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# A document a live condition page links to changes only by a clinical reviewer.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "clinical_review.shared_content.ReviewedDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Alt text (the image's description) is required, never taken from the file name.
WAGTAILIMAGES_IMAGE_FORM_BASE = "site_config.image_forms.AltTextImageForm"

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
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
# Every header the APIs set that an app acts on: revalidation (ETag, Last-Modified),
# back-off (Retry-After), a replayed request (Idempotent-Replayed), a token's
# challenge (WWW-Authenticate).
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "Idempotent-Replayed",
    "WWW-Authenticate",
]
# Every request header the APIs read, besides django-cors-headers' defaults: the
# conditional headers (apps revalidate by hand too) and the appointment API's
# Idempotency-Key.
CORS_ALLOW_HEADERS = (
    *cors_default_headers,
    "if-none-match",
    "if-modified-since",
    "idempotency-key",
)

REST_FRAMEWORK = {
    # The API is read-only for anonymous clients: no browsable-API forms.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Appointment requests (appointments/): who is emailed when one arrives (comma-separated;
# nobody when empty), and how many requests one client address may send. The limit is
# counted in the "ratelimit" cache: shared by every app server with REDIS_URL, per
# process without it or while Redis is down (core.fallback_cache).
APPOINTMENTS_NOTIFY_EMAILS = env_list("APPOINTMENTS_NOTIFY_EMAILS")
APPOINTMENTS_RATE_LIMIT = "5/10m"
# Apps sending requests through API v3 (appointments/api.py): each API token's own
# limit, on top of the per-address one; how long an Idempotency-Key's answer is kept.
APPOINTMENTS_API_TOKEN_RATE_LIMIT = os.environ.get("APPOINTMENTS_API_TOKEN_RATE_LIMIT", "300/h")
APPOINTMENTS_IDEMPOTENCY_KEY_HOURS = 24
# Retention (DPDP Act: kept only as long as the purpose needs). A request is deleted,
# with everything it left behind, by the daily `manage.py purge_appointment_requests`
# this many days after it was closed, and this many days after it arrived, closed or not.
APPOINTMENTS_RETENTION_DAYS_AFTER_CLOSED = int(
    os.environ.get("APPOINTMENTS_RETENTION_DAYS_AFTER_CLOSED", "90")
)
APPOINTMENTS_RETENTION_MAX_DAYS = int(os.environ.get("APPOINTMENTS_RETENTION_MAX_DAYS", "365"))
RATELIMIT_FAIL_OPEN = True

# The audit trail (audit/): entries are kept this many days, then removed by
# `manage.py prune_audit_trail` (daily). India's DPDP Rules ask that logs of access to
# personal data be kept at least a year; the default keeps them two.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", str(2 * 365)))
# Error reports (the 500 emails and pages of Django) never show the query string, what
# was posted or the local variables of a view handling patients' data (appointments/privacy.py).
DEFAULT_EXCEPTION_REPORTER = "appointments.privacy.PersonalDataExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "appointments.privacy.PersonalDataReporterFilter"

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
# Django one), by django-axes: five wrong passwords for one username from one address
# lock that pair out for 15 minutes, and LOGIN_FAILURE_LIMIT_PER_USERNAME wrong ones
# from all addresses together lock the username itself, so that guessing from many
# addresses gets nowhere either (site_config.security.LoginFailuresHandler). Counts
# live in the database, so every app server shares them. `manage.py
# axes_reset_username <name>` lifts a lockout early.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "site_config.security.LoginFailuresHandler"
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURE_LIMIT_PER_USERNAME = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
# The order matters to LoginFailuresHandler: the pair first, then the username alone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/login_locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_ip"

# Addresses (or CIDR networks) of the proxies in front of the app servers (load
# balancer, Varnish, CDN), comma-separated in the environment. X-Forwarded-For is
# believed only as far as it was written by these; by default nobody is trusted and a
# client's address is the connection's own (core.client_address.client_ip). The login
# lockout, the appointment and page-password rate limits all count that address.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Page passwords (Wagtail's "private, accessible with a password" pages): wrong or
# right, one client address may try this many times (django-ratelimit); then a 429.
PAGE_PASSWORD_RATE_LIMIT = "10/10m"

# The appointments line, shown to patients when their request cannot be saved (the
# database is down): they can call instead, their details still in the form.
APPOINTMENTS_PHONE = os.environ.get("APPOINTMENTS_PHONE", "+91 22 1234 5678")

# The number every page, form and block gives for an emergency: India's single national
# emergency number (ERSS), which also reaches the ambulance services (108 or 102 in most
# states). A setting, not a Wagtail site setting editors change: it is national, not
# editorial, and the 500 and 503 pages show it while the database may be down.
EMERGENCY_PHONE_NUMBER = "112"

# HTTP caching (site_config.http_cache, publishing.cache_purge). Anonymous pages
# and API reads are `public`: a shared cache (Varnish, deploy/varnish/default.vcl, or
# a CDN) keeps them for HTTP_CACHE_SHARED_MAX_AGE seconds, browsers HTML for
# HTTP_CACHE_BROWSER_MAX_AGE. A publish, unpublish, move, deletion or privacy change
# purges what shows the page, through Wagtail's frontend cache backends: Varnish at
# FRONTEND_CACHE_VARNISH_URL (e.g. http://127.0.0.1:6081); no purging when unset.
# The app cache (core.app_cache) keeps answers and parts of answers under the content
# version, which changes with every edit: this only bounds how long an unused entry stays.
APP_CACHE_SECONDS = int(os.environ.get("APP_CACHE_SECONDS", str(60 * 60)))
HTTP_CACHE_SHARED_MAX_AGE = int(os.environ.get("HTTP_CACHE_SHARED_MAX_AGE", str(60 * 60)))
HTTP_CACHE_BROWSER_MAX_AGE = int(os.environ.get("HTTP_CACHE_BROWSER_MAX_AGE", "60"))
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_VARNISH_URL"):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "publishing.cache_purge.HTTPPurgeBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_VARNISH_URL"],
    }

# Background tasks (django-tasks). "default" runs Wagtail's own tasks (reference index,
# search index, frontend cache purges) at once, in the request, as before. "background"
# is a queue in the database (django-tasks-db: no other service), worked by
# `manage.py db_worker --backend background`, a process beside the web servers:
# webhook deliveries go there (webhooks/delivery.py).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Webhooks (webhooks/): seconds a POST may wait to connect or for each read, and for
# the whole POST (WEBHOOKS_DEADLINE); attempts
# per delivery; seconds before the first retry, doubled for each one after (30 s, 1 min,
# 2 min, … about 2 h in all); bytes of an answer read. Plain-http target URLs are
# accepted here (development, tests) and refused in production unless
# WEBHOOKS_ALLOW_HTTP is set (production.py); so are targets on loopback or private
# networks (WEBHOOKS_ALLOW_PRIVATE_TARGETS).
WEBHOOKS_TIMEOUT = 5
WEBHOOKS_DEADLINE = 30
WEBHOOKS_MAX_ATTEMPTS = 8
WEBHOOKS_RETRY_DELAY = 30
WEBHOOKS_MAX_RESPONSE_BYTES = 4096
WEBHOOKS_ALLOW_HTTP = True
WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
# An attempt ends within its timeouts: a delivery task still "running" after this many
# seconds lost its worker (killed), and `manage.py requeue_lost_deliveries` sends it again.
WEBHOOKS_LOST_AFTER = 15 * 60

# Importing the old site's pages (importer/, docs/editors.md "Importing pages"): the
# largest source file read (a Word document with pictures is the biggest; API uploads
# are also held to MAX_REQUEST_BODY_SIZE), and the hospital's own name, by which its
# promotional sentences are recognised and moved into the closing call to action.
IMPORTER_MAX_SOURCE_BYTES = 5 * 1024 * 1024
IMPORTER_HOSPITAL_NAMES = ["SSO Hospital"]
