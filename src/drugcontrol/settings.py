"""Django settings: one embedded default (SQLite under ./var) and PostgreSQL through DATABASE_URL."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from pythonjsonlogger.core import RESERVED_ATTRS

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DRUGCONTROL_DATA_DIR", Path.cwd() / "var")).resolve()

# Off unless asked for: a debug page shows the URL map and the settings to whoever triggers an error.
DEBUG = os.environ.get("DRUGCONTROL_DEBUG", "0") == "1"
BUILTIN_SECRET_KEY = "insecure-local-development-key-change-me-in-production"  # noqa: S105 - refused without DEBUG


def _secret_key() -> str:
    """The key signs sessions and tokens: from a file (DRUGCONTROL_SECRET_KEY_FILE) or DRUGCONTROL_SECRET_KEY."""
    if key_file := os.environ.get("DRUGCONTROL_SECRET_KEY_FILE"):
        return Path(key_file).read_text(encoding="utf-8").strip()
    return os.environ.get("DRUGCONTROL_SECRET_KEY", BUILTIN_SECRET_KEY)


SECRET_KEY = _secret_key()
if not DEBUG and SECRET_KEY in ("", BUILTIN_SECRET_KEY):
    raise ImproperlyConfigured(
        "DRUGCONTROL_SECRET_KEY (or DRUGCONTROL_SECRET_KEY_FILE) must be set to a long random secret when "
        "DRUGCONTROL_DEBUG is not 1; the built-in key is public. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "drugcontrol.web.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "drugcontrol.web.session_policy.SessionPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "drugcontrol.api_errors.ApiBadRequestMiddleware",
    "drugcontrol.web.no_store.NoStoreMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
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

# --- Hardening: login protection, security headers, sessions, production serving ---------------------------------
def _env_flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0") == "1"


# Behind the TLS proxy of the deployment (deploy/): it sets X-Forwarded-Proto, and it alone may reach the server.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = not DEBUG and _env_flag("DRUGCONTROL_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes from the host itself speak plain HTTP
SECURE_HSTS_SECONDS = 0 if DEBUG else 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DRUGCONTROL_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Content Security Policy: scripts and style sheets only from our own static files, no inline script and no eval.
# The JSME editor (GWT) needs three exceptions, each as narrow as it can be: its module code is installed as inline
# scripts that carry the per-response nonce of its loader (web/static/vendor/jsme/jsme.nocache.js, patched), two
# fixed event handlers (its images' onload, its touch detection) and two fixed <style> elements, allowed by their
# hashes. Inline style *attributes* stay allowed because the RDKit depictions (inline SVG) and JSME style their
# elements; attributes cannot run code or add selectors. Images may be data: URLs (JSME icons, the enrolment QR code).
JSME_HANDLER_HASHES = [
    "'sha256-g7wg5CBiTBg4MgIAay55gUlhimBUFQMQ7aF7FDBNvos='",  # the images' onload
    "'sha256-i+qr4lq34KgNHiW62lWi9aInEBwiEOrfCzaNPCvkqD8='",  # "return;", set by its touch detection
]
JSME_STYLE_HASHES = [
    "'sha256-aOje/02zTjew12eRO/WEhHejypaXafgWMzI+LJfoyp0='",
    "'sha256-YAhhp14hgF4/xz5peE1vMpi7PdqJ9flXE1D0vt2LVzE='",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, "'unsafe-hashes'", *JSME_HANDLER_HASHES],
        "style-src": [SELF, *JSME_STYLE_HASHES],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Responses that carry personal data are never stored by a browser or a proxy (Cache-Control: no-store).
NO_STORE_PATH_PREFIXES = ("/registry/", "/api/registry/", "/accounts/", "/admin/")

# Sessions: a working day for everyone, and REGISTRY_SESSION_IDLE_SECONDS of inactivity for registry roles (a clinic
# workstation left open must not keep a register open).
SESSION_COOKIE_AGE = int(os.environ.get("DRUGCONTROL_SESSION_HOURS", "8")) * 3600
REGISTRY_SESSION_IDLE_SECONDS = int(os.environ.get("DRUGCONTROL_REGISTRY_IDLE_MINUTES", "30")) * 60

# Two-factor login (TOTP, django-otp): anyone who has enrolled a device is asked for a token; with this setting every
# registry role must enrol before it may use the system.
OTP_REQUIRED_FOR_REGISTRY_ROLES = _env_flag("DRUGCONTROL_OTP_REQUIRED", False)
OTP_TOTP_ISSUER = os.environ.get("DRUGCONTROL_OTP_ISSUER", "drugcontrol")

# Lockout after repeated wrong passwords (django-axes), per user name *and* address: an attacker cannot lock a user
# out from elsewhere, and one address cannot keep guessing one account. The address comes from REMOTE_ADDR unless
# the TLS proxy's header is named (e.g. HTTP_X_FORWARDED_FOR with DRUGCONTROL_PROXY_COUNT=1).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("DRUGCONTROL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("DRUGCONTROL_LOGIN_LOCKOUT_MINUTES", "60")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = [os.environ.get("DRUGCONTROL_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")]
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DRUGCONTROL_PROXY_COUNT", "0")) or None

# Static files are served by the application itself through WhiteNoise (collected by `drugcontrol serve
# --production`; found in the apps when not collected).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# /healthz asks this callable (dotted path) for the time of the newest worker heartbeat (the workers' leases);
# an empty DRUGCONTROL_HEALTHZ_WORKER_HEARTBEAT answers "unknown" (a web host that runs no workers).
HEALTHZ_WORKER_HEARTBEAT = (
    os.environ.get("DRUGCONTROL_HEALTHZ_WORKER_HEARTBEAT", "drugcontrol.background.reaper.newest_heartbeat") or None
)
HEALTHZ_WORKER_MAX_AGE_SECONDS = 120

# One JSON line per request on stderr (user id, path without query string, status, duration); never personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            # Django attaches the request object to its error records; its repr carries the query string.
            "reserved_attrs": [*RESERVED_ATTRS, "request", "status_code"],
        }
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "drugcontrol.requests": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}
# --- Aggregate tables for dashboards: counts kept by the actions, rebuilt and checked by the CLI ---
INSTALLED_APPS += ["drugcontrol.aggregates"]
# --- Registry thresholds, read through drugcontrol.registry.configuration only --------------------------------
# Counts from 1 to REGISTRY_SUPPRESSION_THRESHOLD - 1 are hidden in published statistics; pairs of people scoring at
# least REGISTRY_DUPLICATE_THRESHOLD (0..1, name and birth-date similarity) are shown to a reviewer as possible
# duplicates. The periods (remission, retention, break-the-glass hours) and the police-check limits are rows of
# RegistryConfig, which the registry administrator edits.
REGISTRY_SUPPRESSION_THRESHOLD = int(os.environ.get("DRUGCONTROL_SUPPRESSION_THRESHOLD", "5"))
REGISTRY_DUPLICATE_THRESHOLD = float(os.environ.get("DRUGCONTROL_DUPLICATE_THRESHOLD", "0.85"))
# --- Early warning (drugcontrol.earlywarning): notifications, coverage, draft amendments, the Decree 366 procedure --
INSTALLED_APPS += ["drugcontrol.earlywarning"]
# A file of analytical evidence (a spectrum, a chromatogram) and a notifications JSON document may be at most this big.
WARNING_EVIDENCE_MAX_BYTES = int(os.environ.get("DRUGCONTROL_WARNING_EVIDENCE_MAX_MB", "20")) * 1024 * 1024
WARNING_DOCUMENT_MAX_BYTES = int(os.environ.get("DRUGCONTROL_WARNING_DOCUMENT_MAX_MB", "5")) * 1024 * 1024
# Alerts to list administrators go by e-mail too when mail is configured (Django's EMAIL_* settings): set to 1.
WARNING_ALERT_MAIL = os.environ.get("DRUGCONTROL_WARNING_ALERT_MAIL", "") == "1"

# --- offences: cases, seizures and drug laboratories (issue 12) ---
INSTALLED_APPS += ["drugcontrol.offences"]
OFFENCES_IMPORT_MAX_BYTES = int(os.environ.get("DRUGCONTROL_OFFENCES_IMPORT_MAX_MB", "20")) * 1024 * 1024
"""Largest upload of an offences import (CSV/XLSX) accepted by the web page and the API."""
# --- Online-market monitoring (drugcontrol.monitoring): crawls, the drug-offer model, case deadlines ----------------
# The model is built on this machine by `drugcontrol monitor train` (its training data is research-only: never
# shipped). Crawls run on the worker in a child process; MONITORING_REDIS_URL (redis://HOST:PORT/DB) makes every
# crawl share one frontier through Redis (scrapy-redis) with the crawls of other machines. Seeds in private networks
# are refused unless MONITORING_ALLOW_PRIVATE_HOSTS (tests and laboratory set-ups only).
INSTALLED_APPS += ["drugcontrol.monitoring"]
MONITORING_MODEL_PATH = os.environ.get("DRUGCONTROL_MONITORING_MODEL", str(DATA_DIR / "models" / "drug-offer.pickle"))
MONITORING_REDIS_URL = os.environ.get("DRUGCONTROL_MONITORING_REDIS_URL", "")
MONITORING_ALLOW_PRIVATE_HOSTS = os.environ.get("DRUGCONTROL_MONITORING_ALLOW_PRIVATE_HOSTS", "0") == "1"
MONITORING_MAX_SEEDS = int(os.environ.get("DRUGCONTROL_MONITORING_MAX_SEEDS", "100"))
MONITORING_SCORE_MAX_TEXTS = int(os.environ.get("DRUGCONTROL_MONITORING_SCORE_MAX_TEXTS", "1000"))
MONITORING_CRAWL_LIMITS = {
    "max_pages": int(os.environ.get("DRUGCONTROL_MONITORING_MAX_PAGES", "200")),
    "max_depth": int(os.environ.get("DRUGCONTROL_MONITORING_MAX_DEPTH", "3")),
    "max_bytes": int(os.environ.get("DRUGCONTROL_MONITORING_MAX_BYTES", str(5 * 1024 * 1024))),
    "timeout_s": float(os.environ.get("DRUGCONTROL_MONITORING_TIMEOUT_SECONDS", "30")),
    "retries": int(os.environ.get("DRUGCONTROL_MONITORING_RETRIES", "2")),
    "delay_s": float(os.environ.get("DRUGCONTROL_MONITORING_DELAY_SECONDS", "1")),
    "obey_robots": os.environ.get("DRUGCONTROL_MONITORING_OBEY_ROBOTS", "1") == "1",
}
# Days until the next step of a case is due, by the step it has reached (detected: review it; reviewed: send the
# demand; demand_sent: the block; blocked and rechecked: re-check the site).
MONITORING_DEADLINE_DAYS = {"detected": 2, "reviewed": 3, "demand_sent": 10, "blocked": 7, "rechecked": 30}
# --- Registry web interface: dates per language, mail for password resets, the audit viewer -----------------------
# Dates read per language (drugcontrol/formats: no "г.." in Russian, the year first in Kazakh). Password resets go
# by e-mail only when DRUGCONTROL_EMAIL_HOST names a mail server; otherwise the administrator hands a one-time
# password over. The audit viewer's CSV export stops at AUDIT_EXPORT_MAX_ROWS rows.
FORMAT_MODULE_PATH = ["drugcontrol.formats"]
EMAIL_HOST = os.environ.get("DRUGCONTROL_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DRUGCONTROL_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DRUGCONTROL_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DRUGCONTROL_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DRUGCONTROL_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DRUGCONTROL_EMAIL_FROM", "drugcontrol@localhost")
AUDIT_EXPORT_MAX_ROWS = int(os.environ.get("DRUGCONTROL_AUDIT_EXPORT_MAX_ROWS", "100000"))
# A person on the register is due a visit / a drug test when the last one is older than this many days.
REGISTRY_VISIT_DUE_DAYS = int(os.environ.get("DRUGCONTROL_VISIT_DUE_DAYS", "90"))
REGISTRY_TEST_DUE_DAYS = int(os.environ.get("DRUGCONTROL_TEST_DUE_DAYS", "180"))
# --- Online-market monitoring: screenshots of the evidence pages ---------------------------------------------------
# After a crawl, the worker has headless Chromium render each page that became a case's evidence from its WARC record
# (no network) and keeps the PNG with its SHA-256 for the evidence package. DRUGCONTROL_MONITORING_SCREENSHOTS=0 turns
# that off; without a browser (DRUGCONTROL_MONITORING_CHROMIUM, default: `chromium` on the PATH) the packages have none.
from drugcontrol.chromium import chromium_path  # noqa: E402 - kept in this block so that it merges on its own

MONITORING_SCREENSHOTS = os.environ.get("DRUGCONTROL_MONITORING_SCREENSHOTS", "1") == "1"
MONITORING_CHROMIUM = os.environ.get("DRUGCONTROL_MONITORING_CHROMIUM", "") or chromium_path()
MONITORING_SCREENSHOT_MAX_PAGES = int(os.environ.get("DRUGCONTROL_MONITORING_SCREENSHOT_MAX_PAGES", "50"))
