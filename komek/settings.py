"""Komek settings, configured by environment variables.

``KOMEK_ENV`` is ``development`` (the default: SQLite, debug pages, demo helpers) or
``production`` (a real SECRET_KEY is required, HTTPS cookies, HSTS, no demo helpers).
Every secret can also be read from a file named by ``<NAME>_FILE``.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_VALUES = ("1", "true", "yes", "on")
FALSE_VALUES = ("", "0", "false", "no", "off")


def envbool(name: str, default: str) -> bool:
    # A typo (DEBUG=ture, SECURE_SSL_REDIRECT=flase) must not silently turn a switch
    # off: Komek refuses to start instead.
    given = os.getenv(name, default)
    value = given.strip().lower()
    if value not in TRUE_VALUES + FALSE_VALUES:
        raise ImproperlyConfigured(
            f"{name}={given!r} is neither on ({', '.join(TRUE_VALUES)}) "
            f"nor off ({', '.join(FALSE_VALUES[1:])}, or empty)."
        )
    return value in TRUE_VALUES


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envfloat(name: str, default: str) -> float:
    return float(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def envsecret(name: str, default: str = "") -> str:
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.getenv(name, default)


KOMEK_ENV = os.getenv("KOMEK_ENV", "development")
if KOMEK_ENV not in ("development", "production"):
    raise ImproperlyConfigured("KOMEK_ENV must be 'development' or 'production'.")
PRODUCTION = KOMEK_ENV == "production"

DEBUG = envbool("DEBUG", "false" if PRODUCTION else "true")
if PRODUCTION and DEBUG:
    # Debug pages show settings, SQL and local variables: a person's data to anyone.
    raise ImproperlyConfigured("DEBUG must be off in production.")
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE) in production.")
    SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105
# Sessions, password resets and signed downloads rest on this key: a short one can be guessed.
MIN_SECRET_KEY_LENGTH = 50
if PRODUCTION and (len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} random characters in production "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# Behind a reverse proxy, the audit log takes the client's IP from X-Forwarded-For.
TRUST_X_FORWARDED_FOR = envbool("TRUST_X_FORWARDED_FOR", "false")

# Demo helpers (the `totp` command that prints a demo user's current code) exist only
# outside production, so a production deployment cannot be opened with demo shortcuts.
DEMO_TOOLS = not PRODUCTION

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "komek.core",
    "komek.accounts",
    "komek.audit",
    "komek.partners",
    "komek.people",
    "komek.hotline",
    "komek.notifications",
    "komek.cases",
    "komek.letters",
    "komek.statistics",
    "komek.aid",
    "komek.trainings",
    "komek.navigator",
    "komek.publications",
    "komek.portal",
    # Last: Komek's apps override Django's form templates (komek/core/templates/django/forms).
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "komek.accounts.middleware.SecondFactorMiddleware",
    "komek.core.headers.SecurityHeadersMiddleware",
    "komek.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "komek.audit.middleware.AuditContextMiddleware",
    "komek.core.permissions.PermissionMiddleware",
    "komek.core.uploads.UploadLimitMiddleware",
]

ROOT_URLCONF = "komek.urls"
WSGI_APPLICATION = "komek.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "komek.core.context_processors.nav",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envsecret("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'komek.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
# Set on every SQLite connection. WAL lets readers read while a write is in progress and
# a write commit while others read; NORMAL syncs at checkpoints only (safe with WAL);
# IMMEDIATE makes writers queue for the lock at BEGIN instead of failing half-way through
# a transaction; a writer waits up to `timeout` seconds for the lock (busy_timeout), and
# imports release it between batches (core/staging.py).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests run on a database file, not on SQLite's shared in-memory database: the browser
    # tests' live server would share the test's connection between threads, and a query
    # calling a Python function (the name similarity) deadlocks against another thread
    # reading rows on that same connection. One file per test process, so that two runs in
    # one checkout do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles any query its planner costs high, such as a count over
    # a large office's cases; on these short queries compiling takes longer (~100 ms)
    # than running them, so Komek turns it off for its connections. For the same queries
    # it starts parallel workers, whose start costs more than the few thousand index rows
    # they share (a page of "my open cases": 69 ms with two workers, 15 ms without) and
    # which take the cores other requests need: one process per query.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c max_parallel_workers_per_gather=0"
    )
# On PostgreSQL the app should not own its tables (an owner may TRUNCATE the audit log or
# drop its triggers): DATABASE_URL names a role that only reads and writes rows, and
# KOMEK_MIGRATE_DATABASE_URL the same database as the tables' owner, whom `komek migrate`
# and `komek db_roles` connect as (komek/audit/database.py, docs/decisions.md).
KOMEK_MIGRATE_DATABASE = None
if migrate_url := envsecret("KOMEK_MIGRATE_DATABASE_URL"):
    KOMEK_MIGRATE_DATABASE = dj_database_url.parse(migrate_url)
    if KOMEK_MIGRATE_DATABASE["ENGINE"] != "django.db.backends.postgresql" or any(
        KOMEK_MIGRATE_DATABASE[key] != DATABASES["default"][key]
        for key in ("ENGINE", "NAME", "HOST", "PORT")
    ):
        raise ImproperlyConfigured(
            "KOMEK_MIGRATE_DATABASE_URL must name the PostgreSQL database of DATABASE_URL "
            "(same host, port and name), with the credentials of the tables' owner."
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["komek.accounts.backends.StaffBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Like LOGIN_URL: where core's permission middleware sends a user who gave a password but
# no code yet, and where core's language switch posts, named here so core names no app.
KOMEK_SECOND_FACTOR_URL = "accounts:second_factor"
KOMEK_SET_LANGUAGE_URL = "accounts:set_language"

# Lockout (komek/accounts/lockout.py): within the window, failed password or code attempts
# first slow down (a wait of LOGIN_DELAY_SECONDS, doubling with each further failure), then
# lock: a username after LOGIN_FAILURE_LIMIT failures, an address after
# LOGIN_ADDRESS_FAILURE_LIMIT failures across usernames.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
LOGIN_SLOWDOWN_AFTER = envint("LOGIN_SLOWDOWN_AFTER", "3")
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", "30")
LOGIN_ADDRESS_SLOWDOWN_AFTER = envint("LOGIN_ADDRESS_SLOWDOWN_AFTER", "10")
LOGIN_DELAY_SECONDS = envint("LOGIN_DELAY_SECONDS", "5")
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", "15")
# An account without an authenticator enrols one only through a link an administrator
# issues; the link works once, within this many hours.
ENROLMENT_LINK_HOURS = envint("ENROLMENT_LINK_HOURS", "72")
# The portal's callback form (komek/portal/protection.py): submissions one address may
# send within its window, requests for one number within its window, the submissions after
# which a proof of work is asked, and how soon and how late a served form may be sent.
PORTAL_CALLBACK_ADDRESS_LIMIT = envint("PORTAL_CALLBACK_ADDRESS_LIMIT", "5")
PORTAL_CALLBACK_ADDRESS_WINDOW_MINUTES = envint("PORTAL_CALLBACK_ADDRESS_WINDOW_MINUTES", "60")
PORTAL_CALLBACK_PHONE_LIMIT = envint("PORTAL_CALLBACK_PHONE_LIMIT", "3")
PORTAL_CALLBACK_PHONE_WINDOW_HOURS = envint("PORTAL_CALLBACK_PHONE_WINDOW_HOURS", "24")
PORTAL_CALLBACK_PROOF_AFTER = envint("PORTAL_CALLBACK_PROOF_AFTER", "2")
PORTAL_CALLBACK_MIN_FILL_SECONDS = envint("PORTAL_CALLBACK_MIN_FILL_SECONDS", "3")
PORTAL_CALLBACK_FORM_MAX_AGE_MINUTES = envint("PORTAL_CALLBACK_FORM_MAX_AGE_MINUTES", "120")
# Komek's address as users reach it, for links printed by commands (enrolment_link).
KOMEK_BASE_URL = os.getenv("KOMEK_BASE_URL", "").rstrip("/")
# The centre as printed on its booklets' back covers.
KOMEK_CENTRE_NAME = os.getenv("KOMEK_CENTRE_NAME", "Көмек")
KOMEK_HOTLINE = os.getenv("KOMEK_HOTLINE", "")
# The centre's messengers beside the hotline on the public portal: a Telegram username
# (t.me/<name>) and a WhatsApp number (wa.me/<digits>); empty, no link.
KOMEK_TELEGRAM = os.getenv("KOMEK_TELEGRAM", "").strip().lstrip("@")
KOMEK_WHATSAPP = os.getenv("KOMEK_WHATSAPP", "")
KOMEK_CENTRE_CONTACTS = os.getenv("KOMEK_CENTRE_CONTACTS", "")
OTP_TOTP_ISSUER = "Komek"

# Django's database sessions, read in SQL (komek/accounts/sessions.py).
SESSION_ENGINE = "komek.accounts.sessions"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 60 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "komek" / "locale"]
FORMAT_MODULE_PATH = ["komek.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "komek.core.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

if PRODUCTION:
    # Static files are served by the app servers themselves (no CDN, no separate host).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
SECURE_CONTENT_TYPE_NOSNIFF = True
# Scripts, styles and images come only from Komek's own static files: no inline <script>,
# style attribute or event handler runs, so markup injected into a page stays inert.
# (PDF templates keep their <style>: WeasyPrint renders them, no browser is served them.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Background tasks (reminders, referral follow-ups) go through the django-tasks API into
# the database; `komek worker` runs them. Several workers may share the queue: each
# claims a task with SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# `komek worker` says it is alive this often; a task running on a worker not heard from for
# WORKER_LOST_AFTER_SECONDS is queued again (or failed after three lost workers).
WORKER_HEARTBEAT_SECONDS = envint("KOMEK_WORKER_HEARTBEAT_SECONDS", "10")
WORKER_LOST_AFTER_SECONDS = envint("KOMEK_WORKER_LOST_AFTER_SECONDS", "60")
if WORKER_LOST_AFTER_SECONDS < 3 * WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "KOMEK_WORKER_LOST_AFTER_SECONDS must be at least three heartbeats "
        "(KOMEK_WORKER_HEARTBEAT_SECONDS), or a busy worker would be taken for lost."
    )
# Reminders also go by email to staff who have an address, when this is on.
KOMEK_REMINDER_EMAILS = envbool("KOMEK_REMINDER_EMAILS", "false")
# A callback tried this many times without an answer is flagged in the queue: time to try
# another way (a message, a partner who sees the person) or to close it.
CALLBACK_ATTEMPTS_FLAG = envint("CALLBACK_ATTEMPTS_FLAG", "3")
# The search for duplicate people (`komek find_duplicates`): two records scored at least
# DUPLICATE_SAME_SCORE are probably the same person; from DUPLICATE_REVIEW_SCORE up they
# are worth a reviewer's look. Scores are the model's match probabilities, 0 to 1.
DUPLICATE_SAME_SCORE = envfloat("KOMEK_DUPLICATE_SAME_SCORE", "0.99")
DUPLICATE_REVIEW_SCORE = envfloat("KOMEK_DUPLICATE_REVIEW_SCORE", "0.8")
# The memory the search's database engine may hold; past it, it spills to a temporary
# folder (slower, never failing). At a million people it needs about 3 GB.
DUPLICATE_MEMORY_MB = envint("KOMEK_DUPLICATE_MEMORY_MB", "4096")
if not 0 <= DUPLICATE_REVIEW_SCORE <= DUPLICATE_SAME_SCORE <= 1:
    raise ImproperlyConfigured(
        "KOMEK_DUPLICATE_REVIEW_SCORE and KOMEK_DUPLICATE_SAME_SCORE are scores from 0 to 1, "
        "the first no higher than the second."
    )

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "komek@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
}

FORM_RENDERER = "komek.core.forms.FormRenderer"
# The Django admin checks passwords outside Komek's sign-in (no lockout, no audit): it is
# off unless a developer turns it on for a maintenance task.
DJANGO_ADMIN = envbool("KOMEK_DJANGO_ADMIN", "false")
ADMIN_URL = os.getenv("ADMIN_URL", "django-admin/")
CASE_DOCUMENT_MAX_MB = envint("CASE_DOCUMENT_MAX_MB", "20")
# No uploaded file is received past UPLOAD_MAX_MB: reading stops there (core/uploads.py).
UPLOAD_MAX_MB = envint("UPLOAD_MAX_MB", str(CASE_DOCUMENT_MAX_MB))
UPLOAD_IMAGE_MAX_PIXELS = envint("UPLOAD_IMAGE_MAX_PIXELS", "40000000")
FILE_UPLOAD_HANDLERS = [
    "komek.core.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Tables read by imports (uploaded or given to a command) are bounded before and while
# they are read: an XLSX's expanded size in all and per part, then rows, columns, cells.
IMPORT_MAX_UNCOMPRESSED_MB = envint("IMPORT_MAX_UNCOMPRESSED_MB", "100")
IMPORT_MAX_PART_MB = envint("IMPORT_MAX_PART_MB", "50")
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "2000000")
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", "100")
IMPORT_MAX_CELL_CHARS = envint("IMPORT_MAX_CELL_CHARS", "1000")
