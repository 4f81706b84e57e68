"""Test settings: the real settings, with the environment a test run needs.

Variables already set (DATABASE_URL for the PostgreSQL run, say) win over these defaults.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client and Playwright's live server speak plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("BENCHMARK_PAGES", "true")
# Sessions are cached in files shared by every worker; a test run has its own folder
# (a test that starts a second process passes it on, as a second worker would share it).
os.environ.setdefault(
    "SESSION_CACHE_DIR",
    os.path.join(tempfile.gettempdir(), f"steady-test-sessions-{os.getpid()}"),
)
os.environ.setdefault(
    "SHARED_CACHE_DIR",
    os.path.join(tempfile.gettempdir(), f"steady-test-shared-{os.getpid()}"),
)
# Playwright's sync API keeps an event loop in the main thread; Django would refuse
# database access from it without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from trustsite.settings import *  # noqa: E402, F403
from trustsite.settings import STORAGES  # noqa: E402

# On SQLite, test in a database file rather than in memory: in-memory databases shared
# between threads lock whole tables and answer "locked" at once, where a file database in
# WAL mode waits (busy timeout), as the real site does. Concurrency tests need the latter.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"steady-test-{os.getpid()}.sqlite3")
    }

# Hashing with Argon2 is slow on purpose; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The manifest storage needs collectstatic first; its own test runs that and swaps it in.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Django's test runner swaps every mailer for the in-memory one (mail.outbox).

# Whitenoise would warn that STATIC_ROOT does not exist; tests serve from the finders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The live server for browser tests speaks plain HTTP on localhost (a secure context for
# the browser); fido2 would otherwise insist on an https origin for passkeys.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
