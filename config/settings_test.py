"""Test settings: production settings with a throwaway key and plain HTTP for the live server."""

import hashlib
import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("PLAIN_STATIC_STORAGE", "true")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT = 3
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Receipts of a test run go to a throwaway folder, never the installation's var/receipts.
RECEIPT_DIR = tempfile.mkdtemp(prefix="lgv-test-receipts-")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures"},
}
# Existing tests log in with a password only; tests of two-factor login turn it on themselves.
REQUIRE_2FA = False
PSEUDONYM_KEY = "test-only-pseudonym-key"
AUDIT_STRICT = True  # a @shows_people page that audits nothing fails the test (audit/decorators.py)
REPORT_CACHE_SECONDS = 0  # tests write with the ORM between requests; test_report_cache.py turns it on
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file, as in production: the live server of the browser tests answers a
    # page's panels at once, and in SQLite's shared in-memory database a second writer fails at once
    # (SQLITE_LOCKED_SHAREDCACHE) instead of waiting its turn (transaction_mode, timeout). Named
    # after the checkout, so two checkouts (worktrees) testing at once never share one.
    checkout = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:10]  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"lgv-test-{checkout}.sqlite3")}  # noqa: F405
