"""Settings, read from the environment. Production defaults are safe; see .env.example."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from a .env file; real environment variables win."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            os.environ.setdefault(key.strip(), value.strip().strip("'\""))


load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)

_DEV_SECRET = "dev-only-insecure-secret-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = _DEV_SECRET
# Length alone accepts "a" * 40: a random key of 40+ characters has many different characters.
if not DEBUG and (
    len(SECRET_KEY) < 40 or len(set(SECRET_KEY)) < 16 or SECRET_KEY == _DEV_SECRET or "change-me" in SECRET_KEY
):
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 40 characters.")

# The key of the evaluator export's pseudonyms (HMAC-SHA256), kept outside the database so a copy
# of the database alone cannot link pseudonyms back to people. Without it the export is refused,
# except under DEBUG (a development key).
PSEUDONYM_KEY = os.environ.get("PSEUDONYM_KEY", "") or ("development-pseudonym-key" if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "accounts",
    "regions",
    "audit",
    "referrals",
    "volunteers",
    "events",
    "support",
    "matches",
    "matching",
    "planning",
    "followups",
    "outcomes",
    "reports",
    "transfer",
    "expenses",
    "portal",
    "notifications",
    "privacy",
    "demo",
    "lib",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lib.middleware.SessionRefreshMiddleware",
    "lib.middleware.DataVersionMiddleware",
    "lib.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "lib.middleware.OperationRefusedMiddleware",
    "lib.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread",
                "accounts.context_processors.query_without_page",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes write to one file. A DEFERRED transaction that reads and then writes
    # cannot wait for another writer (SQLite answers "database is locked" at once and the write is
    # lost), so every transaction takes the write lock when it begins and waits up to `timeout`
    # seconds for it. WAL lets readers go on while one process writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs 50-200 ms on the report's aggregates over a few hundred thousand rows and
    # never pays back on queries this short (measured on the national bench).
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off", **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A file cache is shared by all server processes on the one machine (the application form's
# rate limit counts here) and needs no extra service.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
    }
}
# Two or more app servers: CACHE=database shares one cache through the database (after
# `manage.py createcachetable`), so the data versions that cached figures and matching pools are
# keyed by (lib.data_version, volunteers.pool_version) change on every server at once.
if os.environ.get("CACHE") == "database":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "app_cache"}}
# The report's figures, each kept under the versions of the tables it reads (reports/kept.py; the
# versions themselves live in the shared cache above): in each process's memory. They are many and
# small (some thirty per period, scope and language); in the file cache they would push its entries
# past its limit, where it deletes a third at random (the versions and the matching pools too), and
# every write there lists the whole folder first. Each process counts a figure once per change.
CACHES["figures"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "figures",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# The dashboard's report is kept until the data changes and at most this long (reports/cache.py).
REPORT_CACHE_SECONDS = int(os.environ.get("REPORT_CACHE_SECONDS", "600"))

# django-filter: an unset filter reads "All", not "---------"; no "Unknown" option is added.
FILTERS_EMPTY_CHOICE_LABEL = _("All")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
# The home page's cards, in this order: each app gives its own (user -> list of cards).
HOME_CARDS = [
    "referrals.selectors.home_cards",
    "matches.selectors.home_cards",
    "volunteers.selectors.home_cards",
]
# Sections of the volunteer page from apps above volunteers (user, volunteer -> dict or None).
VOLUNTEER_PANELS = ["events.selectors.volunteer_panel"]
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock an account+IP after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lib.http.client_ip"
AXES_HANDLER = "lib.lockout.AccountLockoutHandler"
# Failures on one account from all addresses together before it is locked for the cool-off.
ACCOUNT_FAILURE_LIMIT = int(os.environ.get("ACCOUNT_FAILURE_LIMIT", "20"))

# The lock-out answer is a page in the site layout (templates/lockout.html), not axes' English text.
AXES_LOCKOUT_TEMPLATE = "lockout.html"

# Two-factor login (django-otp): a code from an authenticator app (TOTP) or a one-time backup code
# after the password. Required for everyone unless DEBUG is on (make run / demo); see docs/security.md.
REQUIRE_2FA = env_bool("REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Livet Går Videre"
# Exponential back-off after wrong codes: 1, 2, 4, 8 ... seconds (per device).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin never shows a device's secret key (the leader only removes devices).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format everywhere: config/formats/<language>/formats.py ("2. dec. 2026", "2. december 2026").
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env_bool("PLAIN_STATIC_STORAGE")
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Sessions: end after 45 idle minutes (and when the browser closes), as the data is sensitive.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(45 * 60)))
# Volunteers' portal sessions end sooner (lib.sessions: a session may carry a shorter idle timeout).
SESSION_ENGINE = "lib.sessions"
PORTAL_SESSION_IDLE_SECONDS = int(os.environ.get("PORTAL_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
# The expiry moves on with activity, written at most once a minute (lib.middleware.SessionRefreshMiddleware).
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
BEHIND_PROXY = env_bool("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of our own stand in front of the app, each appending to X-Forwarded-For
# (lib.http.client_ip). 0: the header is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1" if BEHIND_PROXY else "0"))
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Strict CSP: no inline script or style anywhere, no third-party origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Without a mail server, `make run` (DEBUG) prints e-mails to the console: a volunteer's login link
# can be tried there. EMAIL_ENABLED below stays off, so notices are not e-mailed.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.dummy.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "livetgaarvidere@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# E-mail is "configured" when a real backend is set up; otherwise only in-app notices.
EMAIL_ENABLED = bool(EMAIL_HOST) or "EMAIL_BACKEND" in os.environ
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Expense receipts (photos, PDFs): a private folder outside the web root, served only through the
# app's views to the volunteer and the region's staff (expenses/receipts.py). Default BASE_DIR/var/receipts.
RECEIPT_DIR = os.environ.get("RECEIPT_DIR") or str(BASE_DIR / "var" / "receipts")
# Uploads larger than Django's in-memory limit are spooled here during the request (special-category
# data: the private import folder, not the shared system temp folder, when it is configured).
FILE_UPLOAD_TEMP_DIR = os.environ.get("IMPORT_DIR") or None
if FILE_UPLOAD_TEMP_DIR:
    # A missing folder would fail Django's start-up checks and so every command; the web import
    # says clearly when it cannot write there (transfer/uploads).
    try:
        Path(FILE_UPLOAD_TEMP_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        FILE_UPLOAD_TEMP_DIR = None

# Logs carry no personal data: only request paths (which never hold personal data) and ids.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_database_errors": {"()": "lib.logging.RedactDatabaseErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_database_errors"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's request logger can include POST data in error reports; keep it off mail.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
ADMINS: list[tuple[str, str]] = []
