"""Single sign-on in tests: the settings as the environment would give them (sso_settings.py).

``configure(settings, environ)`` reads a fake environment with the settings module's own function
and puts the result into pytest-django's ``settings`` fixture, as config/settings.py does at start.
"""

from __future__ import annotations

from typing import Any

from config.env import Env
from kosilab.accounts.sso_settings import SsoConfig, from_environment

CLIENT_ID = "kosilab"
CLIENT_SECRET = "client-secret"


def configure(settings: Any, environ: dict[str, str]) -> SsoConfig:
    config = from_environment(Env(environ))
    settings.SOCIALACCOUNT_PROVIDERS = config.providers
    settings.KOSILAB_SSO_FORM_ACTION_ORIGINS = config.form_action_origins
    settings.KOSILAB_SSO_ROLE_MAP = config.role_map
    settings.KOSILAB_SSO_STAFF_ONLY = config.staff_only
    return config


def oidc_environ(provider_id: str, issuer: str, name: str = "Stadt Dortmund (Keycloak)") -> dict[str, str]:
    prefix = f"KOSILAB_SSO_{provider_id.upper()}_"
    return {
        prefix + "PROTOCOL": "oidc",
        prefix + "NAME": name,
        prefix + "SERVER_URL": issuer,
        prefix + "CLIENT_ID": CLIENT_ID,
        prefix + "CLIENT_SECRET": CLIENT_SECRET,
    }


def saml_environ(provider_id: str, idp: Any, name: str = "Stadt Dortmund (ADFS)") -> dict[str, str]:
    prefix = f"KOSILAB_SSO_{provider_id.upper()}_"
    return {
        prefix + "PROTOCOL": "saml",
        prefix + "NAME": name,
        prefix + "IDP_ENTITY_ID": idp.entity_id,
        prefix + "IDP_SSO_URL": idp.sso_url,
        prefix + "IDP_X509CERT": idp.x509cert,
    }
