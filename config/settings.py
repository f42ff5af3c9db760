"""Settings for KoSI-Lab.

One settings module for every environment. ``KOSILAB_ENV`` chooses the profile:

* ``development`` (default): DEBUG on, SQLite in ``var/``, mails written to ``var/mail/``.
* ``production``: DEBUG off, secret key and hosts required, HTTPS-only cookies and HSTS.
* ``test``: set by the test suite; fast password hashing, eager tasks.

All values come from ``config.env``; README.md lists every variable.
"""

from __future__ import annotations

import importlib.util
import os
import tomllib
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from config.env import env
from kosilab.accounts.sso_settings import from_environment as sso_from_environment
from kosilab.core.map_settings import validate_center, validate_tiles_url, validate_zoom

# Generic Django classes take type arguments at run time too (``admin.ModelAdmin[Room]``), as the
# type checker wants them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.string("KOSILAB_VAR_DIR", str(BASE_DIR / "var")))

KOSILAB_ENV = env.string("KOSILAB_ENV", "development")
if KOSILAB_ENV not in {"development", "production", "test"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("KOSILAB_ENV must be development, production or test.")
PRODUCTION = KOSILAB_ENV == "production"
TESTING = KOSILAB_ENV == "test"

DEBUG = env.boolean("DJANGO_DEBUG", default=KOSILAB_ENV == "development")

if PRODUCTION:
    SECRET_KEY = env.string("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.items("DJANGO_ALLOWED_HOSTS")
else:
    SECRET_KEY = env.string(
        "DJANGO_SECRET_KEY", "insecure-development-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    ALLOWED_HOSTS = env.items("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

CSRF_TRUSTED_ORIGINS = env.items("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # allauth's lists of sessions and security keys ("3 minutes ago")
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_ratelimit",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "modeltrans",
    "rules.apps.AutodiscoverRulesConfig",
    # Accounts (docs/accounts.md): log-in, sign-up, e-mail addresses, two factors, single sign-on
    # and the list of a person's sessions come from django-allauth.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.usersessions",
    "kosilab.core",
    "kosilab.accounts",
    "kosilab.actors",
    "kosilab.labs",
    "kosilab.challenges",
    "kosilab.processes",
    "kosilab.rooms",
    "kosilab.events",
    "kosilab.methods",
    "kosilab.planning",
    "kosilab.playbook",
    "kosilab.notifications",
    "kosilab.cocreation",
    "kosilab.results",
    "kosilab.continuation",
    "kosilab.impact",
    "kosilab.sustainability",
    "kosilab.knowledge",
    "kosilab.cooperation",
    "kosilab.api",
    "kosilab.opendata",
    "kosilab.research",
    "kosilab.search",
    "kosilab.site",
]

MIDDLEWARE = [
    # /health/live/ and /health/ready/ for load balancers, before host checks and redirects (core/health.py).
    "kosilab.core.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kosilab.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Database faults during a request: safe requests retried once, writes answered 503 (never 500).
    "kosilab.core.database_faults.DatabaseFaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Links in mails sent during a request use its address when KOSILAB_SITE_URL is not set.
    "kosilab.core.site.ServingUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Platform admins and the teams of labs that ask for it set up a second factor first.
    "kosilab.accounts.two_factor.SecondFactorRequiredMiddleware",
    # NUL in the address or its query string: 400 with a clear page (PostgreSQL cannot store NUL).
    "kosilab.core.badinput.RefuseNullCharactersMiddleware",
    "kosilab.core.permissions.LoginRequiredMiddleware",
    "kosilab.core.ratelimit.RatelimitMiddleware",
    # An upload the server could not store, outside a form (the admin): 503 with the message, not 500.
    "kosilab.core.storage.UploadFailedMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kosilab" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kosilab.site.context_processors.site",
                "kosilab.core.maps.context",
                "kosilab.accounts.sso.context",
                # After Django's own csrf: a page rendered to be kept holds a placeholder instead.
                "kosilab.core.pagecache.csrf",
            ],
        },
    },
]

# Form widgets in their Jinja2 version where Django ships one (kosilab/core/forms_renderer.py).
FORM_RENDERER = "kosilab.core.forms_renderer.FormRenderer"

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env.string("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kosilab.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=0, conn_health_checks=True)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Serialise writers: a write transaction takes the lock when it begins, so two
    # transactions never both read and then try to upgrade (no "database is locked" mid-way).
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Tests use a file, not shared memory, so that concurrent tests and the live server see real locking.
    # One file per test process, so that two test runs side by side do not share it.
    _db["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    _db["CONN_MAX_AGE"] = env.integer("DATABASE_CONN_MAX_AGE", 60)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env.string("REDIS_URL", "")
if REDIS_URL:
    # Django's Redis cache, one client per connection pool (kosilab/core/cache.py).
    CACHES = {"default": {"BACKEND": "kosilab.core.cache.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions are read from Redis and written to the database and Redis (kosilab/core/sessions.py):
    # a logged-in request needs no query for its session. Not with local memory: a log-out in one
    # process could not take the session out of another process's memory.
    SESSION_ENGINE = "kosilab.core.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rendered pages for anonymous readers (kosilab/core/pagecache.py, docs/performance.md): how many
# seconds a kept page may answer, 0 = off. Local memory is not shared between processes, so the
# production profile keeps pages only with Redis unless this says otherwise.
KOSILAB_PAGE_CACHE_SECONDS = env.integer("KOSILAB_PAGE_CACHE_SECONDS", 60 if REDIS_URL or not PRODUCTION else 0)
# Part of every kept page's key: a new release does not answer with the pages of the one before.
KOSILAB_VERSION = tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

# --- Rate limits (kosilab/core/ratelimit.py declares them; docs/security.md explains them) -----
RATELIMIT_USE_CACHE = "default"
RATELIMIT_ENABLE = env.boolean("KOSILAB_RATELIMITS_ENABLED", default=True)
# Reverse proxies in front of the app whose X-Forwarded-For is trusted; 0: the client is REMOTE_ADDR.
KOSILAB_TRUSTED_PROXY_COUNT = env.integer("KOSILAB_TRUSTED_PROXY_COUNT", 0)
# django-ratelimit's checks. E003 (only without Redis): local memory is not shared between
# processes; the embedded default is one process (``make run`` runs one runserver), where the
# counters hold, and installations with several app servers set REDIS_URL. W001: Django's own
# Redis cache is not on its list of tested backends, but its incr is Redis' atomic INCRBY.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + ([] if REDIS_URL else ["django_ratelimit.E003"])

# --- The read API (kosilab/api, docs/api.md) ---------------------------------------------------
REST_FRAMEWORK = {
    # JSON only: the browsable API would need inline scripts, which the Content-Security-Policy refuses.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kosilab.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["kosilab.api.permissions.ReadOnly"],
    # Counted on core/ratelimit.py's table ("api-anonymous", "api-reader").
    "DEFAULT_THROTTLE_CLASSES": ["kosilab.api.throttles.ApiThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KoSI-Lab read API",
    "DESCRIPTION": (
        "The public data of the municipal labs for social innovation: labs, challenges, processes with "
        "their phases, events, methods, public results and their handovers, impact indicators and "
        "case-study labs. Anonymous readers get the public data; a personal access token "
        "(Authorization: Bearer <token>) reads what its owner may read on the web. See docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    # Each field's own description names its values and their meaning (kosilab/api/serializers.py
    # one_of()); the generated list would say it a second time.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
}

# --- Background tasks ------------------------------------------------------------------------
# Mails, event reminders and the end of seat offers are background tasks behind Django's tasks
# interface. KOSILAB_TASKS:
# * ``database`` (default): a queue in the database, run by ``manage.py db_worker`` (``make run`` starts one).
# * ``redis``: RQ on Redis, run by a pool of ``manage.py rqworker default --with-scheduler``.
# * ``immediate`` (default of the test profile): in the web process, right after the transaction
#   commits; a mail that fails there is not retried later.
KOSILAB_TASKS = env.choice("KOSILAB_TASKS", ("database", "redis", "immediate"), "immediate" if TESTING else "database")
# The queue's Redis; a database index of its own is safer than the cache's (a cache clear empties its database).
TASKS_REDIS_URL = env.string("KOSILAB_TASKS_REDIS_URL", REDIS_URL)
if KOSILAB_TASKS == "redis" and not TASKS_REDIS_URL:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "KOSILAB_TASKS=redis needs REDIS_URL or KOSILAB_TASKS_REDIS_URL, e.g. redis://127.0.0.1:6379/1."
    )
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "redis": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[KOSILAB_TASKS],
        "QUEUES": ["default"],
    }
}
# The queue mails go to (the tests give their Redis runs a queue of their own).
KOSILAB_MAIL_QUEUE = "default"
# django-rq: its queues, and the job class that runs tasks of Django's tasks interface.
# RetryingQueue: a job whose worker died in the middle runs again.
RQ_QUEUES = {
    "default": {
        "URL": TASKS_REDIS_URL or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": 300,
        "QUEUE_CLASS": "kosilab.core.tasks.RetryingQueue",
    }
}
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
if KOSILAB_TASKS == "redis":
    INSTALLED_APPS.append("django_rq")  # rqworker, and the queue dashboard in the admin

# --- Authentication --------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- django-allauth (docs/accounts.md, docs/security.md) ------------------------------------
ACCOUNT_ADAPTER = "kosilab.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]

ACCOUNT_FORMS = {"login": "kosilab.accounts.forms.LoginForm", "signup": "kosilab.accounts.forms.SignUpForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a mail program that opens links must not confirm
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = env.integer("KOSILAB_CONFIRMATION_DAYS", 3)
# One address per account; a new one replaces it only once it is confirmed.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
# No page, mail or timing tells whether an address has an account: "strict" also for sign-up.
ACCOUNT_PREVENT_ENUMERATION = "strict"
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # no mail to addresses without an account
ACCOUNT_EMAIL_NOTIFICATIONS = True  # a mail on password, e-mail and second-factor changes
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None  # "stay logged in" is the person's choice
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Rate limits of the accounts pages (allauth's notation: amount/window/per ip, key or user), in the
# shared cache (Redis with several app servers); docs/security.md explains each one. The windows
# and amounts match the app's other limits (kosilab/core/ratelimit.py).
ACCOUNT_RATE_LIMITS: dict[str, str | None] | bool = {
    "login": "60/15m/ip",
    "login_failed": "30/15m/ip,10/15m/key",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",  # a new confirmation mail at most every three minutes
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/15m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/h/user",
    "reauthenticate": "10/15m/user",
}
if not env.boolean("KOSILAB_RATELIMITS_ENABLED", default=True):
    ACCOUNT_RATE_LIMITS = False
# Two factors: an app's code (TOTP), a security key or passkey (WebAuthn), recovery codes.
MFA_ADAPTER = "kosilab.accounts.two_factor.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "KoSI-Lab"
MFA_TOTP_TOLERANCE = 1  # a code of the half minute before or after counts too: phones' clocks drift
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION  # http://127.0.0.1 in development and tests
# Sessions: the list of a person's sessions (recorded at log-in: when, address, browser), with "log
# out everywhere else". Not tracked on every request: that would cost a write per page view.
USERSESSIONS_TRACK_ACTIVITY = False
USERSESSIONS_ADAPTER = "kosilab.accounts.adapter.UserSessionsAdapter"
# Single sign-on (OpenID Connect, SAML 2.0) is configured by environment variables only
# (kosilab/accounts/sso_settings.py reads them, kosilab/accounts/sso.py acts at log-in; docs/accounts.md,
# docs/operations.md "Single sign-on"). The apps live in settings: no SocialApp rows in the database.
_SSO = sso_from_environment(env)
SOCIALACCOUNT_PROVIDERS = _SSO.providers
# Origins the log-in buttons send the browser on to (Content-Security-Policy form-action).
KOSILAB_SSO_FORM_ACTION_ORIGINS = _SSO.form_action_origins
# Groups at the identity provider -> lab roles, applied at every single sign-on log-in.
KOSILAB_SSO_ROLE_MAP = _SSO.role_map
# Lab teams and platform admins log in only by single sign-on (no password, no passkey).
KOSILAB_SSO_STAFF_ONLY = _SSO.staff_only
SOCIALACCOUNT_ADAPTER = "kosilab.accounts.adapter.SocialAccountAdapter"
# A new account from single sign-on always passes the sign-up form: name and address from the
# provider, and the consent to the privacy statement, which only the person can give.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_FORMS = {"signup": "kosilab.accounts.forms.SocialSignUpForm"}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content (a lab's description, a challenge's title…) is written in LANGUAGE_CODE and may be
# translated into each further language named here; a language added later needs no migration
# (django-modeltrans keeps translations in one JSON column per model; docs/content-languages.md).
MODELTRANS_AVAILABLE_LANGUAGES = env.items("KOSILAB_CONTENT_LANGUAGES") or ["de", "en"]
MODELTRANS_ADD_FIELD_HELP_TEXT = False
# One short and one long date format per language, and the named formats built from them
# (kosilab/core/formats/, docs/operations.md "Dates and times").
FORMAT_MODULE_PATH = ["kosilab.core.formats"]
TIME_ZONE = env.string("KOSILAB_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Leaflet (maps, docs/maps.md) comes from the django-leaflet package, as files only: its app is not
# installed, because its admin needs GeoDjango (GDAL) and its template tags write inline scripts,
# which the Content-Security-Policy refuses. Its static folder holds leaflet/leaflet.js and .css.
_leaflet_spec = importlib.util.find_spec("leaflet")
if _leaflet_spec is None or not _leaflet_spec.submodule_search_locations:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("django-leaflet is missing: install the locked requirements (make install).")
STATICFILES_DIRS = [BASE_DIR / "kosilab" / "static", Path(_leaflet_spec.submodule_search_locations[0]) / "static"]
WHITENOISE_USE_FINDERS = not PRODUCTION  # development and tests serve assets without collectstatic
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES: dict[str, dict[str, Any]] = {
    # Uploads: a full disk or an unwritable folder leaves no partial file and shows a message (core/storage.py).
    "default": {"BACKEND": "kosilab.core.storage.UploadStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads on S3-compatible object storage instead of MEDIA_ROOT, shared by every app server
# (kosilab/core/object_storage.py). Keys may also come from the usual AWS_* variables or an
# instance role, when KOSILAB_S3_ACCESS_KEY_ID is not set.
KOSILAB_S3_BUCKET = env.string("KOSILAB_S3_BUCKET", "")
if KOSILAB_S3_BUCKET:
    _s3_endpoint = env.string("KOSILAB_S3_ENDPOINT_URL", "")
    STORAGES["default"] = {
        "BACKEND": "kosilab.core.object_storage.S3UploadStorage",
        "OPTIONS": {
            "bucket_name": KOSILAB_S3_BUCKET,
            "endpoint_url": _s3_endpoint or None,
            "region_name": env.string("KOSILAB_S3_REGION", "") or None,
            "access_key": env.string("KOSILAB_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env.string("KOSILAB_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env.string("KOSILAB_S3_PREFIX", "").strip("/"),
            "signature_version": "s3v4",
            # Stores other than AWS (MinIO, Ceph, Garage) mostly know the bucket in the path only.
            "addressing_style": env.choice(
                "KOSILAB_S3_ADDRESSING_STYLE", ("path", "virtual", "auto"), "path" if _s3_endpoint else "auto"
            ),
        },
    }

# --- E-mail ----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.string("DJANGO_DEFAULT_FROM_EMAIL", "KoSI-Lab <noreply@kosilab.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where feedback on accessibility (and other messages to the operator) goes.
KOSILAB_CONTACT_EMAIL = env.string("KOSILAB_CONTACT_EMAIL", "kontakt@kosilab.localhost")
# The accessibility statement (/accessibility/, BITV 2.0 and the EU model statement 2018/1523): the day
# it was made and last reviewed (YYYY-MM-DD), how (self: self-assessment; third-party: by a tester,
# KOSILAB_A11Y_ASSESSOR), and the enforcement body people can turn to. The default body is the federal
# Schlichtungsstelle nach § 16 BGG; a municipal or Land body must name its Land's body instead
# (docs/operations.md "Accessibility statement"). What is not set is shown to the platform's admins
# as "not configured" and left out for everyone else.
KOSILAB_A11Y_STATEMENT_DATE = env.date("KOSILAB_A11Y_STATEMENT_DATE")
KOSILAB_A11Y_REVIEWED = env.date("KOSILAB_A11Y_REVIEWED") or KOSILAB_A11Y_STATEMENT_DATE
KOSILAB_A11Y_METHOD = env.choice("KOSILAB_A11Y_METHOD", ("self", "third-party"), "self")
KOSILAB_A11Y_ASSESSOR = env.string("KOSILAB_A11Y_ASSESSOR", "").strip()
KOSILAB_A11Y_ENFORCEMENT_BODY = env.string(
    "KOSILAB_A11Y_ENFORCEMENT_BODY",
    "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz bei dem Beauftragten der Bundesregierung "
    "für die Belange von Menschen mit Behinderungen",
).strip()
KOSILAB_A11Y_ENFORCEMENT_ADDRESS = env.string(
    "KOSILAB_A11Y_ENFORCEMENT_ADDRESS", "Mauerstraße 53, 10117 Berlin"
).strip()
KOSILAB_A11Y_ENFORCEMENT_URL = env.string(
    "KOSILAB_A11Y_ENFORCEMENT_URL", "https://www.schlichtungsstelle-bgg.de"
).strip()
KOSILAB_A11Y_ENFORCEMENT_EMAIL = env.string("KOSILAB_A11Y_ENFORCEMENT_EMAIL", "").strip()
if KOSILAB_A11Y_STATEMENT_DATE and KOSILAB_A11Y_REVIEWED and KOSILAB_A11Y_REVIEWED < KOSILAB_A11Y_STATEMENT_DATE:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "KOSILAB_A11Y_REVIEWED must be on or after KOSILAB_A11Y_STATEMENT_DATE "
        "(a statement is reviewed after it is made)."
    )
if KOSILAB_A11Y_REVIEWED and not KOSILAB_A11Y_STATEMENT_DATE:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "KOSILAB_A11Y_REVIEWED needs KOSILAB_A11Y_STATEMENT_DATE, the day the statement was made."
    )
if KOSILAB_A11Y_ENFORCEMENT_URL and not KOSILAB_A11Y_ENFORCEMENT_URL.startswith(("https://", "http://")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "KOSILAB_A11Y_ENFORCEMENT_URL must be a web address starting with https://, "
        f"not {KOSILAB_A11Y_ENFORCEMENT_URL!r}."
    )
if KOSILAB_A11Y_ENFORCEMENT_EMAIL and (
    "@" not in KOSILAB_A11Y_ENFORCEMENT_EMAIL or " " in KOSILAB_A11Y_ENFORCEMENT_EMAIL
):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"KOSILAB_A11Y_ENFORCEMENT_EMAIL must be an e-mail address, not {KOSILAB_A11Y_ENFORCEMENT_EMAIL!r}."
    )
# The public address of this installation, for links in mails sent without a request (reminders,
# waiting-list offers). Empty: https://<first of DJANGO_ALLOWED_HOSTS> (http://…:8000 in development).
KOSILAB_SITE_URL = env.string("KOSILAB_SITE_URL", "")
# After this many days past an event, its registrations lose name, e-mail and answers
# (manage.py events_housekeeping); the numbers stay.
KOSILAB_REGISTRATION_RETENTION_DAYS = env.integer("KOSILAB_REGISTRATION_RETENTION_DAYS", 365)
# Audit log entries older than this many days are deleted (manage.py tasks_housekeeping). Two years:
# a year's work can still be traced when it is reviewed in the following year (annual reports,
# audits of funded projects), and no longer, since the entries name who did what.
KOSILAB_AUDIT_RETENTION_DAYS = env.integer("KOSILAB_AUDIT_RETENTION_DAYS", 730)
if KOSILAB_AUDIT_RETENTION_DAYS < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("KOSILAB_AUDIT_RETENTION_DAYS must be 1 or more (days an audit entry is kept).")
# Check-in (list, personal code, QR code) opens this many minutes before an event starts, not earlier,
# so no certificate can say "attended on the 10th, issued on the 6th".
KOSILAB_CHECKIN_OPENS_MINUTES = env.integer("KOSILAB_CHECKIN_OPENS_MINUTES", 120)
if KOSILAB_CHECKIN_OPENS_MINUTES < 0:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("KOSILAB_CHECKIN_OPENS_MINUTES must be 0 or more (minutes before the start).")
# The sustainability watch warns this many days before a lab's mandate, funding or term of office
# ends, and mails its managers once when each of these thresholds is reached (docs/sustainability.md).
_warn_days = env.items("KOSILAB_SUSTAINABILITY_WARN_DAYS", ["180", "90", "30"])
if not _warn_days or not all(day.isdigit() and 1 <= int(day) <= 3650 for day in _warn_days):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "KOSILAB_SUSTAINABILITY_WARN_DAYS must list days ahead from 1 to 3650, separated by commas, e.g. 180,90,30."
    )
KOSILAB_SUSTAINABILITY_WARN_DAYS = tuple(sorted({int(day) for day in _warn_days}, reverse=True))
# One funder with at least this share (percent) of a lab's current funding is a warning.
KOSILAB_SUSTAINABILITY_SPONSOR_SHARE = env.integer("KOSILAB_SUSTAINABILITY_SPONSOR_SHARE", 75)
if not 1 <= KOSILAB_SUSTAINABILITY_SPONSOR_SHARE <= 100:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("KOSILAB_SUSTAINABILITY_SPONSOR_SHARE must be a percentage from 1 to 100.")
# The licence of the open data dump (/open-data/, docs/open-data.md): dl-de-by-2.0 (Datenlizenz
# Deutschland – Namensnennung 2.0, the default), dl-de-zero-2.0, cc-by-4.0 or cc0-1.0.
KOSILAB_OPEN_DATA_LICENSE = env.choice(
    "KOSILAB_OPEN_DATA_LICENSE", ("dl-de-by-2.0", "dl-de-zero-2.0", "cc-by-4.0", "cc0-1.0"), "dl-de-by-2.0"
)
# The research export (/research/, docs/research-export.md). KOSILAB_RESEARCH_KEY: the
# installation's secret for pseudonyms (empty: derived from SECRET_KEY); KOSILAB_RESEARCH_MIN_GROUP:
# the smallest group whose count is shown (k, at least 2; smaller counts are suppressed).
KOSILAB_RESEARCH_KEY = env.string("KOSILAB_RESEARCH_KEY", "")
KOSILAB_RESEARCH_MIN_GROUP = env.integer("KOSILAB_RESEARCH_MIN_GROUP", 5)
if KOSILAB_RESEARCH_MIN_GROUP < 2:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("KOSILAB_RESEARCH_MIN_GROUP must be 2 or more (people in the smallest group shown).")
# Maps (docs/maps.md): the tile server the installation trusts with its visitors' addresses, e.g.
# basemap.de: https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png
# Empty (the default): no maps and no request to another host. The Content-Security-Policy allows
# images from exactly this host. KOSILAB_MAP_CENTER (latitude,longitude) and KOSILAB_MAP_ZOOM: where
# a map without points (the point picker of a form) starts.
KOSILAB_MAP_TILES_URL = validate_tiles_url(env.string("KOSILAB_MAP_TILES_URL", ""), production=PRODUCTION)
KOSILAB_MAP_ATTRIBUTION = env.string("KOSILAB_MAP_ATTRIBUTION", "")
if KOSILAB_MAP_TILES_URL and not KOSILAB_MAP_ATTRIBUTION.strip():
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "KOSILAB_MAP_ATTRIBUTION must name the source of the map tiles, e.g. © GeoBasis-DE / BKG (2026) CC BY 4.0."
    )
KOSILAB_MAP_CENTER = validate_center(env.items("KOSILAB_MAP_CENTER", []))
KOSILAB_MAP_ZOOM = validate_zoom(env.integer("KOSILAB_MAP_ZOOM", 12))
EMAIL_HOST = env.string("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.integer("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", default=True)
    # Seconds; well below the minute after which another worker may take over a mail being sent.
    EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 30)
else:
    # Embedded default: every mail becomes a file the developer can read.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.boolean("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.integer("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.boolean("DJANGO_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.string("DJANGO_LOG_LEVEL", "WARNING")},
}

# Errors to an error tracker (Sentry, GlitchTip): set SENTRY_DSN, nothing else (kosilab/core/error_tracking.py).
SENTRY_DSN = env.string("SENTRY_DSN", "")
if SENTRY_DSN and not TESTING:
    from kosilab.core.error_tracking import start as start_error_tracking

    start_error_tracking(
        SENTRY_DSN,
        environment=env.string("SENTRY_ENVIRONMENT", KOSILAB_ENV),
        release=KOSILAB_VERSION,
    )

# --- Domain settings -------------------------------------------------------------------------
KOSILAB_PAGE_SIZE = 20
