"""Settings of the OpenID Connect test provider (its own project, database and cookies).

``serve.py`` sets the three ``KOSILAB_IDP_OIDC_*`` variables before Django starts: the issuer
(``http://127.0.0.1:<port>``), the SQLite file in the provider's temporary directory, and the PEM
file of the RSA key generated for this start. Nothing here reads the KoSI-Lab settings.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ISSUER = os.environ["KOSILAB_IDP_OIDC_ISSUER"]
DATABASE_PATH = os.environ["KOSILAB_IDP_OIDC_DATABASE"]
RSA_KEY_PEM = Path(os.environ["KOSILAB_IDP_OIDC_KEY_FILE"]).read_text(encoding="ascii")
PKCE_REQUIRED = os.environ.get("KOSILAB_IDP_OIDC_PKCE_REQUIRED") == "1"

SECRET_KEY = secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "tests.idp.oidc.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATABASE_PATH,
        # The server is threaded: wait for a lock instead of failing with "database is locked".
        "OPTIONS": {"timeout": 20},
    }
}
# The database lives for one start: tables straight from the models (``migrate --run-syncdb``)
# take 50 ms where running every migration takes a second.
MIGRATION_MODULES = dict.fromkeys(("auth", "contenttypes", "sessions", "oauth2_provider"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = False

# A test provider: fast hashing for user passwords and the client secret (Django's advice for tests).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"

# The app under test runs on 127.0.0.1 too, and cookies do not tell ports apart: names of our own
# keep the provider's session and CSRF cookies from overwriting the app's (and the other way round).
SESSION_COOKIE_NAME = "kosilab_idp_oidc_session"
CSRF_COOKIE_NAME = "kosilab_idp_oidc_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": RSA_KEY_PEM,
    "OIDC_ISS_ENDPOINT": ISSUER,
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OAUTH2_VALIDATOR_CLASS": "tests.idp.oidc.claims.ClaimsValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Name (and groups)",
        "email": "Email address",
        "groups": "Group memberships",
    },
    "DEFAULT_SCOPES": ["openid"],
    # allauth's openid_connect provider sends no PKCE unless its app enables it; accepted when sent.
    "PKCE_REQUIRED": PKCE_REQUIRED,
    # Access tokens in the Authorization header only (RFC 9700), as allauth sends them.
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {"oauth2_provider": {"level": "DEBUG"}},
}
