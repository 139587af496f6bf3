"""Django settings: one embedded default (SQLite under ./var) and PostgreSQL through DATABASE_URL."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DRUGCONTROL_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("DRUGCONTROL_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("DRUGCONTROL_SECRET_KEY", "insecure-local-development-key-change-me-in-production")
ALLOWED_HOSTS = [h for h in os.environ.get("DRUGCONTROL_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
if DEBUG:
    ALLOWED_HOSTS += ["testserver"]

INSTALLED_APPS = [
    # First, so that its login and logged-out pages are used rather than the admin's look.
    "drugcontrol.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "drugcontrol.audit",
    "drugcontrol.lists",
    "drugcontrol.registry",
    "drugcontrol.apikeys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "drugcontrol.api_errors.ApiBadRequestMiddleware",
]

ROOT_URLCONF = "drugcontrol.urls"
WSGI_APPLICATION = "drugcontrol.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'drugcontrol.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a long import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "ru"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # the largest file a user may upload: a screening job, a regional register
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES

# Bulk screening jobs of the web and the API run in a background thread of the server process with this many
# worker processes (1 keeps a core for the web server); tests set SCREENING_JOBS_INLINE to run them in the request.
SCREENING_WORKERS = int(os.environ.get("DRUGCONTROL_SCREENING_WORKERS", "1"))
SCREENING_JOBS_INLINE = False

# ---------------------------------------------------------------- API keys for systems, API request limits
# Keys are stored as HMAC-SHA-256 under this secret, kept outside the database (falls back to SECRET_KEY);
# changing it invalidates every key.
API_KEY_HASH_SECRET = os.environ.get("DRUGCONTROL_API_KEY_SECRET", SECRET_KEY)
API_KEY_DEFAULT_DAYS = 90  # the expiry the administrator's form proposes
API_KEY_MAX_DAYS = 366  # no key lives longer
# The largest body of a JSON call to /api/ (identify, assess, the police check with up to 100,000 IINs, registry
# records); a multipart upload is bounded by MAX_UPLOAD_BYTES. Larger bodies are refused with 413.
API_MAX_JSON_BYTES = int(os.environ.get("DRUGCONTROL_API_MAX_JSON_BYTES", str(2 * 1024 * 1024)))
