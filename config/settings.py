"""Regiekamer settings: one file, driven by environment variables.

DATABASE_URL selects the database (SQLite under var/ by default, PostgreSQL in CI and production).
"""

from pathlib import Path
import os

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("REGIEKAMER_DEBUG", True)
# The development key only works while DEBUG is on; production must set its own.
SECRET_KEY = os.environ.get("REGIEKAMER_SECRET_KEY") or (
    "dev-only-insecure-key-regiekamer" if DEBUG else ""
)
if not SECRET_KEY:
    raise RuntimeError("Set REGIEKAMER_SECRET_KEY when REGIEKAMER_DEBUG is off.")
# Keyed hash for person pseudonyms (never a BSN in clear) and the key that encrypts data-subject
# references in the processing log. Separate from SECRET_KEY so that rotating sessions keeps them.
PSEUDONYM_KEY = os.environ.get("REGIEKAMER_PSEUDONYM_KEY", SECRET_KEY + ":pseudonym")
AUDIT_KEY = os.environ.get("REGIEKAMER_AUDIT_KEY", SECRET_KEY + ":audit")

ALLOWED_HOSTS = os.environ.get("REGIEKAMER_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "django_tasks_db",
    "regiekamer.core",
    "regiekamer.organisations",
    "regiekamer.audit",
    "regiekamer.norms",
    "regiekamer.registry",
    "regiekamer.meldingen",
    "regiekamer.inspections",
    "regiekamer.cases",
    "regiekamer.enforcement",
    "regiekamer.care",
    "regiekamer.risk",
    "regiekamer.walklists",
    "regiekamer.exchange",
    "regiekamer.steering",
    "regiekamer.meldpunt",
    "regiekamer.privacy",
    "regiekamer.information",
    "regiekamer.knowledge",
    "regiekamer.demo",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "regiekamer.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "regiekamer.core.middleware.refuse_unused_methods",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "regiekamer.accounts.middleware.SecurityEventMiddleware",  # outside CSRF: sees its 403s too
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "regiekamer.audit.middleware.TraceMiddleware",
    "regiekamer.accounts.middleware.SessionGuardMiddleware",
    "regiekamer.core.unavailable.DatabaseUnavailableMiddleware",  # last: a 503 while the database is away
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "regiekamer.organisations.context_processors.membership",
                "regiekamer.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'regiekamer.sqlite3'}",
        conn_max_age=int(os.environ.get("REGIEKAMER_CONN_MAX_AGE", "0")),
        # A kept connection is checked before a request reuses it: after a PostgreSQL restart the
        # first request reconnects instead of failing (tests/reliability/test_postgres_restart.py).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The steering figures of a municipality, computed once for everyone and kept a few minutes in the
# database, so shared by every worker and application server (docs/adr/0013-figures-cache.md).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "regiekamer_figures_cache",
                "OPTIONS": {"MAX_ENTRIES": 5000}},
}
REGIEKAMER_FIGURES_CACHE_SECONDS = int(os.environ.get("REGIEKAMER_FIGURES_CACHE_SECONDS", "300"))

# Argon2id first (ASVS 11.4.2); the others only verify hashes made before and are upgraded at login.
PRODUCTION_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Tests only (set by tests/conftest.py): factories give every user a password, and a strong hash
# per user would only slow the suite down. tests/core/test_production_settings.py checks the
# production list. Never set it on a server: the hashes would be worthless.
FAST_PASSWORD_HASHER = env_bool("REGIEKAMER_FAST_PASSWORD_HASHER", False)
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"] if FAST_PASSWORD_HASHER else PRODUCTION_PASSWORD_HASHERS
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # regiekamer, the subject, the user's organisation and municipalities, the user's names (ADR 0012)
    {"NAME": "regiekamer.accounts.passwords.ContextWordsValidator"},
]
# Breached passwords: no internet at run time, so a local list (one password a line, plain or .gz,
# for example the most frequent part of a breach corpus) checked besides Django's common list.
if BREACHED_PASSWORDS_FILE := os.environ.get("REGIEKAMER_BREACHED_PASSWORDS_FILE"):
    AUTH_PASSWORD_VALIDATORS.append({
        "NAME": "regiekamer.core.passwords.BreachedPasswordValidator",
        "OPTIONS": {"password_list_path": BREACHED_PASSWORDS_FILE},
    })
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "login"
# Login (regiekamer/accounts, ADR 0012): a TOTP code after the password for every person's account,
# a lockout per (user name, address, browser), and sessions that end when idle and after a workday.
REGIEKAMER_SESSION_IDLE_MINUTES = int(os.environ.get("REGIEKAMER_SESSION_IDLE_MINUTES", "30"))
REGIEKAMER_SESSION_ABSOLUTE_HOURS = int(os.environ.get("REGIEKAMER_SESSION_ABSOLUTE_HOURS", "10"))
SESSION_COOKIE_AGE = REGIEKAMER_SESSION_ABSOLUTE_HOURS * 3600  # the cookie dies with the session
# At most this many sessions per user at once; a new login ends the oldest beyond it (ADR 0012).
REGIEKAMER_MAX_SESSIONS = int(os.environ.get("REGIEKAMER_MAX_SESSIONS", "3"))
# A personal API key (made by its user on "API-sleutels") stops working after this many days.
REGIEKAMER_API_TOKEN_DAYS = int(os.environ.get("REGIEKAMER_API_TOKEN_DAYS", "90"))
OTP_TOTP_ISSUER = os.environ.get("REGIEKAMER_OTP_ISSUER", "Regiekamer")  # the name in the authenticator app
# No drift learning: a code of the previous or next 30 s is accepted (tolerance 1), and learning
# would let a series of early codes widen that window.
OTP_TOTP_SYNC = False

LANGUAGE_CODE = "nl"
# The staff interface's languages. The public meldpunt also speaks Polish, Romanian and Bulgarian
# (regiekamer/meldpunt/languages.py), chosen by its URL: listed here, LocaleMiddleware would
# hand a Polish browser the Dutch staff pages marked <html lang="pl">.
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "regiekamer" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Production: collectstatic writes here and the reverse proxy serves it (docs/deployment.md).
STATIC_ROOT = Path(os.environ.get("REGIEKAMER_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded files (photos of meldingen); `regiekamer backup` takes them along.
MEDIA_ROOT = Path(os.environ.get("REGIEKAMER_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploads waiting for their background task (BAG extracts, deliveries); not part of a backup.
UPLOAD_ROOT = Path(os.environ.get("REGIEKAMER_UPLOAD_ROOT", BASE_DIR / "var" / "uploads"))
MEDIA_URL = "media/"
# Optional virus scan of every upload by a ClamAV daemon (regiekamer/core/uploads.py): its unix
# socket path or host:port; empty (the default) scans nothing. While the scanner gives no verdict,
# uploads are refused, unless REGIEKAMER_CLAMAV_FAIL_OPEN=true accepts them unscanned.
CLAMAV_SOCKET = os.environ.get("REGIEKAMER_CLAMAV_SOCKET", "")
CLAMAV_FAIL_OPEN = env_bool("REGIEKAMER_CLAMAV_FAIL_OPEN", False)
CLAMAV_TIMEOUT = float(os.environ.get("REGIEKAMER_CLAMAV_TIMEOUT", "60"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms carry {% csrf_token %}, htmx posts those forms.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Production: served over HTTPS, normally behind a reverse proxy that terminates TLS
# (docs/deployment.md, docs/adr/0010-production-settings.md). Off, the demo and the browser tests
# run over plain http on 127.0.0.1.
HTTPS = env_bool("REGIEKAMER_HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    # The proxy must set (overwrite) X-Forwarded-Proto; without a proxy, turn this off.
    if env_bool("REGIEKAMER_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("REGIEKAMER_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("REGIEKAMER_HSTS_PRELOAD", True)
    # __Host-: the browser only accepts them Secure, with Path=/ and no Domain, so no sibling
    # subdomain can set or shadow them.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("REGIEKAMER_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
INSTALLATION_NAME = os.environ.get("REGIEKAMER_INSTALLATION", "regiekamer")  # names its figure packages

# Optional login through the municipality's OIDC provider, off unless REGIEKAMER_OIDC_ISSUER is set
# (regiekamer/core/oidc.py; docs/deployment.md, "Inloggen via OIDC").
from regiekamer.core import oidc_settings  # noqa: E402 (pure: no Django import)

_oidc = oidc_settings.from_environment(os.environ)
globals().update(_oidc)
OIDC_ENABLED = _oidc["OIDC_ENABLED"]
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS = [*globals().get("AUTHENTICATION_BACKENDS", ["django.contrib.auth.backends.ModelBackend"]),
                               oidc_settings.BACKEND]

# The basemap is configurable (PDOK BRT by default); an empty value shows no basemap (tests).
MAP_TILE_URL = os.environ.get(
    "REGIEKAMER_MAP_TILE_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
MAP_TILE_ATTRIBUTION = os.environ.get(
    "REGIEKAMER_MAP_TILE_ATTRIBUTION", "Kaartgegevens &copy; Kadaster (PDOK BRT-Achtergrondkaart)"
)
_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]) if MAP_TILE_URL.startswith("http") else None

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"] + ([_tile_origin] if _tile_origin else []),
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],  # ASVS 3.4.3: no page uses <base>, so none may be injected
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "regiekamer.organisations.api_clients.ApiClientAuthentication",  # partner systems
        "regiekamer.accounts.api_tokens.PersonalTokenAuthentication",  # persons' own keys (ADR 0012)
        "rest_framework.authentication.SessionAuthentication",
    ],
    # IsAuthenticated first: an anonymous caller gets 401 before any word about parameters.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated",
                                   "regiekamer.core.api_contract.FollowsSchema"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "regiekamer.core.api_pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Regiekamer API",
    "DESCRIPTION": "Addresses, buildings and registration counts, under need-to-know access.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "regiekamer.core.api_contract.closed_request_bodies",
                             "regiekamer.core.api_schema.document_errors"],  # 400/401/403/404 everywhere
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("REGIEKAMER_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REGIEKAMER_LOG_LEVEL", "WARNING")},
    # Authentication events and refused requests (accounts/events.py), for the SIEM or log monitoring.
    "loggers": {"regiekamer.security": {"level": os.environ.get("REGIEKAMER_SECURITY_LOG_LEVEL", "INFO")}},
}
