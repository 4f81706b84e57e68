"""Settings for Steady: one file, driven by environment variables (see README's table).

Secure by default: DEBUG is off unless set, and then SECRET_KEY and ALLOWED_HOSTS are
required. The Makefile's development targets set DEBUG=true.
"""

from pathlib import Path

from django.utils.csp import CSP

from trustsite.env import (
    env_base64url,
    env_bool,
    env_database,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-only-key-never-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "The environment variable ALLOWED_HOSTS must list the site's host names "
            "(comma-separated) when DEBUG is off."
        )

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# A page that renders the bare base template, used by `make bench` as its baseline.
BENCHMARK_PAGES = env_bool("BENCHMARK_PAGES", False)
# Shared-page link lookups allowed per client address per ten minutes (tracker.sharing).
SHARED_PAGE_LOOKUP_LIMIT = env_int("SHARED_PAGE_LOOKUP_LIMIT", 60, minimum=1)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Serve static files with whitenoise in development too, so dev matches production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django's widget templates, found through TEMPLATES by the form renderer below.
    "django.forms",
    "django_htmx",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guidance",
    "tracker",
]

MIDDLEWARE = [
    # First, so it sees responses last: shared pages leave no cookie behind.
    "tracker.sharing.middleware.NoTraceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before sessions and views: a NUL byte must never reach a query.
    "trustsite.middleware.RejectMalformedRequestsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed here, not in the proxy: see README's "Compression". Below
    # whitenoise, which answers static files itself (precompressed) before reaching it,
    # and above every middleware that writes a page's body.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trustsite.middleware.PrivatePagesMiddleware",
    # Sign-out empties the browser's caches and storage for the site (Clear-Site-Data).
    "tracker.device.middleware.ClearSiteDataOnSignOutMiddleware",
    "trustsite.middleware.HtmxMessagesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so it sees the signed-in user and runs once the view's writes have committed.
    "trustsite.middleware.DataVersionMiddleware",
]

ROOT_URLCONF = "trustsite.urls"
WSGI_APPLICATION = "trustsite.wsgi.application"

# Forms render through the project's templates, so every field is drawn by one template.
FORM_RENDERER = "trustsite.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # The site's frame tags (trustsite/site_tags.py), for base.html.
            "libraries": {"site": "trustsite.site_tags"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default so a fresh clone runs with nothing else installed. WAL lets readers
# continue while a write is in progress; IMMEDIATE transactions take the write lock at
# BEGIN so two writers queue (for up to `timeout` seconds) instead of failing mid-way.
SQLITE_DATABASE = {
    "ENGINE": "django.db.backends.sqlite3",
    # Keep connections open between requests: opening one and running the PRAGMAs below
    # costs more than a typical page's queries.
    "CONN_MAX_AGE": 600,
    "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
    "OPTIONS": {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
    },
}
DATABASES = {"default": env_database("DATABASE_URL", SQLITE_DATABASE)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "tracker.User"
# allauth's backend (a ModelBackend, so permissions work as usual) signs people in by
# email, behind allauth's rate limits. Django's ModelBackend stays listed because sessions
# started before allauth name it: without it, everyone would be signed out. Nothing calls
# it directly (the admin's own sign-in form is not served).
AUTHENTICATION_BACKENDS = [
    # allauth's, with the signed-in user kept per process while unchanged.
    "tracker.accounts.backends.CachedUserBackend",
    # Sessions begun before it came name this one; they keep working.
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "tracker:today"

# --- Accounts (django-allauth) ----------------------------------------------------------
# Email is the login; there is no username. Sign-up needs a confirmed address, and no
# page says whether an address has an account (sign-up, reset and email change answer
# the same way, and tell the address's owner by email instead).
ACCOUNT_ADAPTER = "tracker.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"tracker.accounts.forms.{form}"
    for name, form in {
        "signup": "SignupForm",
        "login": "LoginForm",
        "add_email": "AddEmailForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
# Sessions last SESSION_COOKIE_AGE, as before: no "remember me" box.
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # link scanners only see a button
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# One address per account: a new one waits for its link, then replaces the old one, and
# the old address is told (as it is about password changes).
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Changing the email or password, exporting, deleting the account and adding a passkey
# first ask for the password (or a passkey) again, unless it was given in the last 5 min.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# The one sign-in lockout: allauth's failed-sign-in limit, counted in the shared cache
# and keyed (by AccountAdapter) on the account *and* the client's address, so guesses
# from one client pause only that client's attempts on that account: the owner signing
# in from elsewhere is never locked out. An address making many failures across
# accounts is paused for a minute.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1)
for _renamed in ("AXES_FAILURE_LIMIT", "AXES_COOLOFF_MINUTES"):
    if env_str(_renamed) is not None:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"The environment variable {_renamed} is no longer read: use "
            f"{_renamed.replace('AXES_', 'LOGIN_')} instead."
        )
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"20/m/ip,{LOGIN_FAILURE_LIMIT}/{LOGIN_COOLOFF_MINUTES}m/key",
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "manage_email": "10/h/user",
    # At most one confirmation link per address every 3 minutes, however it is asked for.
    "confirm_email": "1/3m/key",
}
# Behind proxies: the client is the address the last trusted proxy saw, taken from
# X-Forwarded-For (TRUSTED_PROXY_COUNT proxies) or from one header the proxy sets.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER")

# Passkeys: a way to sign in (instead of the password), added from Account settings.
MFA_ADAPTER = "tracker.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["webauthn"]
MFA_FORMS = {
    "add_webauthn": "tracker.accounts.forms.AddPasskeyForm",
    "login_webauthn": "tracker.accounts.forms.PasskeyLoginForm",
    "reauthenticate_webauthn": "tracker.accounts.forms.PasskeyReauthenticateForm",
}
MFA_PASSKEY_LOGIN_ENABLED = True
# WebAuthn needs https, except on http://localhost while developing.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# Hashed names never change content, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 60 if DEBUG else 31536000

# Email: the console in development, SMTP configured by environment in production.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Steady <steady@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env_str("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 587, minimum=1),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# The full address of the site, for links in emails and calendar feeds.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# "default" lives in the database, so allauth's rate limits and lockouts agree across all
# workers; a migration creates its table. "local" is per process, for rendered fragments
# keyed by the data they show (safe to keep separately in each worker).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "steady_cache",
    },
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        # Sized to the worker's memory budget (issue 16: 80 MB resident; a worker holds
        # about 74 MB after 10,000 requests). tracker/cache.py stores each entry
        # compressed and never one over MAX_ENTRY_BYTES (32 KB: a year of progress for
        # 20 commitments is about 16 KB compressed), so 300 entries add at most 9.6 MB
        # and, at typical sizes (Today 4 KB, a commitment 9 KB), about 2 MB.
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
    # Shared-page lookups per client (tracker/sharing/limits.py): their own store, so a
    # burst of cached pages can never push a client's count out early.
    "limits": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 10000},
    },
    # Sessions are read from here before the database (SESSION_ENGINE below). It must be
    # one store that every worker sees, never a per-process one: a session ended in one
    # worker (sign-out, password change, account deletion) would otherwise stay valid in
    # the others. Files on the host's disk are shared by all of its workers and cost less
    # than the query they save; a culled or missing file only means a database read.
    "sessions": {
        "BACKEND": "trustsite.filecache.FolderCache",
        "LOCATION": env_str("SESSION_CACHE_DIR", str(BASE_DIR / "var" / "sessions")),
        "OPTIONS": {"MAX_ENTRIES": 10000},
    },
    # Small values every worker must agree on: each user's data version (tracker.cache),
    # which says whether a cached page is still current. Files, like the sessions (both
    # folders are checked for fullness every CHECK_EVERY writes: trustsite/filecache.py).
    "shared": {
        "BACKEND": "trustsite.filecache.FolderCache",
        "LOCATION": env_str("SHARED_CACHE_DIR", str(BASE_DIR / "var" / "shared")),
        "OPTIONS": {"MAX_ENTRIES": 50000},
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"

# Web Push (tracker/device/vapid.py). Unset: the server makes its own key pair on first use
# and keeps it in the database. The subject is how a push service may contact you.
VAPID_PRIVATE_KEY = env_base64url("VAPID_PRIVATE_KEY", length=32)
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "")

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# --- Security -------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # data: for the favicon, which sits inside the page (tracker/device/bundle.py).
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# On behind a TLS proxy too: with BEHIND_TLS_PROXY the proxy's X-Forwarded-Proto tells
# Django the request was HTTPS, so nothing loops, and `check --deploy` stays clean. The
# health endpoints are exempt: load balancers probe them over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^-/alive/$", r"^-/health/$"]
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
CSRF_FAILURE_VIEW = "trustsite.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
