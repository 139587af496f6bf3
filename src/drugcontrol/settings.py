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

# Bulk screening jobs run as background tasks on `drugcontrol worker`, each with this many processes
# (1 leaves the other cores to the web server and other workers).
SCREENING_WORKERS = int(os.environ.get("DRUGCONTROL_SCREENING_WORKERS", "1"))
# --- Structure input of identification and assessment (lists, expertise) ---------------------------------
# Longest structure text (SMILES, InChI or molfile) the identify and assess pages, API and CLI accept; longer
# input is refused with one message before any chemistry. The chemistry core keeps its own ceiling
# (chem.parse.MAX_INPUT_CHARS, 100,000): this setting can lower the limit, not raise it.
STRUCTURE_MAX_CHARS = int(os.environ.get("DRUGCONTROL_STRUCTURE_MAX_CHARS", "100000"))
# --- Analysts' pseudonymised extract (registry/actions/extracts.py) -------------------------------------------------
# The pseudonym key is a secret of its own (at least 32 characters), never the Django SECRET_KEY: give it as
# DRUGCONTROL_PSEUDONYM_KEY or in a file named by DRUGCONTROL_PSEUDONYM_KEY_FILE. Without one the extract is
# refused unless DEBUG is on. EXTRACT_MIN_GROUP is k of k-anonymity on (birth year, sex, region).
PSEUDONYM_KEY = os.environ.get("DRUGCONTROL_PSEUDONYM_KEY", "")
PSEUDONYM_KEY_FILE = os.environ.get("DRUGCONTROL_PSEUDONYM_KEY_FILE", "")
EXTRACT_MIN_GROUP = int(os.environ.get("DRUGCONTROL_EXTRACT_MIN_GROUP", "5"))
# Tamper evidence of the audit log (docs/audit.md): signed checkpoints of the chain head are appended every
# AUDIT_CHECKPOINT_SECONDS to a file outside the database, signed with the key in the file named by
# DRUGCONTROL_AUDIT_KEY_FILE (create one with `drugcontrol audit make-key PATH`). Keep both off the database host.
AUDIT_KEY_FILE = os.environ.get("DRUGCONTROL_AUDIT_KEY_FILE", "")
AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("DRUGCONTROL_AUDIT_CHECKPOINT_FILE", DATA_DIR / "audit-checkpoints.jsonl")
).resolve()
AUDIT_CHECKPOINT_SECONDS = int(os.environ.get("DRUGCONTROL_AUDIT_CHECKPOINT_SECONDS", "60"))
# --- Registry: answers on whether an IIN is already on the register -------------------------------------
# Each such answer (creating or editing a person, importing a register) is a disclosure recorded in the audit
# log; a user gets at most this many in any 24 hours, then a refusal that says so.
REGISTRY_DISCLOSURES_PER_DAY = int(os.environ.get("DRUGCONTROL_REGISTRY_DISCLOSURES_PER_DAY", "30"))

# --- Background work (django-tasks with the database backend) -------------------------------------------------
# Tasks are rows in the project database (SQLite or PostgreSQL: no broker); `drugcontrol worker` runs them. A
# worker writes a heartbeat every TASKS_HEARTBEAT_SECONDS; a running task whose worker has not been heard of for
# TASKS_LEASE_SECONDS is taken back by the next worker's reaper: queued again while it has been tried fewer than
# TASKS_MAX_ATTEMPTS times, failed with a message after that.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "drugcontrol.background"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASKS_HEARTBEAT_SECONDS = float(os.environ.get("DRUGCONTROL_TASKS_HEARTBEAT_SECONDS", "10"))
TASKS_LEASE_SECONDS = float(os.environ.get("DRUGCONTROL_TASKS_LEASE_SECONDS", "60"))
TASKS_MAX_ATTEMPTS = int(os.environ.get("DRUGCONTROL_TASKS_MAX_ATTEMPTS", "3"))
SCREENING_CHUNK_ROWS = int(os.environ.get("DRUGCONTROL_SCREENING_CHUNK_ROWS", "2000"))
"""Rows per stored part of a screening result: a job taken over after a lost worker resumes at its last part."""

# --- Screening quotas: who may screen, how many jobs at once and how many rows ------------------------
# Roles are the registry roles (physician, chief, analyst, police, admin); "expert" is an account without a registry
# role (the laboratory and list staff). Superusers may always screen.
SCREENING_ROLES = [r for r in os.environ.get("DRUGCONTROL_SCREENING_ROLES", "expert,analyst").split(",") if r]
SCREENING_MAX_ACTIVE_JOBS = int(os.environ.get("DRUGCONTROL_SCREENING_MAX_ACTIVE_JOBS", "2"))
"""Queued and running jobs one user may have at once."""
SCREENING_MAX_ROWS_PER_JOB = int(os.environ.get("DRUGCONTROL_SCREENING_MAX_ROWS_PER_JOB", "200000"))
SCREENING_MAX_ROWS_PER_DAY = int(os.environ.get("DRUGCONTROL_SCREENING_MAX_ROWS_PER_DAY", "1000000"))
"""Rows one user may submit in 24 hours, all jobs together."""

# --- Tabular imports (lists, the registry, the domains to come): limits against files that exhaust the machine.
# A file with more data rows than IMPORT_MAX_ROWS, or an XLSX that unpacks to more than IMPORT_MAX_UNPACKED_BYTES
# (checked in the zip's directory before anything is inflated), is refused; IMPORT_BATCH_ROWS rows are staged per
# short transaction, so that a long import never holds the database's write lock for long.
IMPORT_MAX_ROWS = int(os.environ.get("DRUGCONTROL_IMPORT_MAX_ROWS", "500000"))
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("DRUGCONTROL_IMPORT_MAX_UNPACKED_MB", "256")) * 1024 * 1024
IMPORT_BATCH_ROWS = int(os.environ.get("DRUGCONTROL_IMPORT_BATCH_ROWS", "2000"))

# ---------------------------------------------------------------- API keys for systems, API request limits
# Keys are stored as HMAC-SHA-256 under this secret, kept outside the database (falls back to SECRET_KEY);
# changing it invalidates every key.
API_KEY_HASH_SECRET = os.environ.get("DRUGCONTROL_API_KEY_SECRET", SECRET_KEY)
API_KEY_DEFAULT_DAYS = 90  # the expiry the administrator's form proposes
API_KEY_MAX_DAYS = 366  # no key lives longer
# The largest body of a JSON call to /api/ (identify, assess, the police check with up to 100,000 IINs, registry
# records); a multipart upload is bounded by MAX_UPLOAD_BYTES. Larger bodies are refused with 413.
API_MAX_JSON_BYTES = int(os.environ.get("DRUGCONTROL_API_MAX_JSON_BYTES", str(2 * 1024 * 1024)))

# --- Registry thresholds, read through drugcontrol.registry.configuration only --------------------------------
# Counts from 1 to REGISTRY_SUPPRESSION_THRESHOLD - 1 are hidden in published statistics; pairs of people scoring at
# least REGISTRY_DUPLICATE_THRESHOLD (0..1, name and birth-date similarity) are shown to a reviewer as possible
# duplicates. The periods (remission, retention, break-the-glass hours) and the police-check limits are rows of
# RegistryConfig, which the registry administrator edits.
REGISTRY_SUPPRESSION_THRESHOLD = int(os.environ.get("DRUGCONTROL_SUPPRESSION_THRESHOLD", "5"))
REGISTRY_DUPLICATE_THRESHOLD = float(os.environ.get("DRUGCONTROL_DUPLICATE_THRESHOLD", "0.85"))
