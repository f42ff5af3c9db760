"""Permission matrix rows for single sign-on with configured providers (one OpenID Connect, one
SAML; settings as the environment gives them). Without configuration they answer 404
(test_permission_matrix.py). Nothing here reaches a provider: the pages that would (the log-in
POST, the callback with a code) are tested end to end in test_sso.py.

The log-in pages ask before leaving for the provider (``SOCIALACCOUNT_LOGIN_ON_GET`` is off, so a
link cannot start a log-in); the callback without a log-in in progress is refused (401); the SAML
metadata is public (the provider reads it); a SAML answer without a log-in in progress goes on to
the finish, which refuses it; single logout without a logout request is a bad request (400).
"""

from __future__ import annotations

import pytest

from kosilab.accounts.tests.sso import configure
from kosilab.core.tests.matrix import ANYONE, ROLES, case, matrix_test

ENVIRON = {
    "KOSILAB_SSO_PROVIDERS": "keycloak,adfs",
    "KOSILAB_SSO_KEYCLOAK_PROTOCOL": "oidc",
    "KOSILAB_SSO_KEYCLOAK_NAME": "Keycloak",
    "KOSILAB_SSO_KEYCLOAK_SERVER_URL": "https://login.example.org/realms/stadt",
    "KOSILAB_SSO_KEYCLOAK_CLIENT_ID": "kosilab",
    "KOSILAB_SSO_KEYCLOAK_CLIENT_SECRET": "secret",
    "KOSILAB_SSO_ADFS_PROTOCOL": "saml",
    "KOSILAB_SSO_ADFS_NAME": "ADFS",
    "KOSILAB_SSO_ADFS_IDP_ENTITY_ID": "http://adfs.example.org/adfs/services/trust",
    "KOSILAB_SSO_ADFS_IDP_SSO_URL": "https://adfs.example.org/adfs/ls/",
    "KOSILAB_SSO_ADFS_IDP_X509CERT": "MIIBszCCAVmgAwIBAgIUQ",
}
REFUSED = dict.fromkeys(ROLES, 401)

CASES = [
    case("openid_connect_login", "get", "/accounts/oidc/keycloak/login/", ANYONE),
    case("openid_connect_callback", "get", "/accounts/oidc/keycloak/login/callback/", REFUSED),
    case("openid_connect_callback", "get", "/accounts/oidc/keycloak/login/callback/?code=x&state=y", REFUSED),
    case("saml_login", "get", "/accounts/saml/adfs/login/", ANYONE),
    case("saml_metadata", "get", "/accounts/saml/adfs/metadata/", ANYONE),
    case("saml_acs", "post", "/accounts/saml/adfs/acs/", dict.fromkeys(ROLES, 302)),
    case("saml_finish_acs", "get", "/accounts/saml/adfs/acs/finish/", REFUSED),
    case("saml_sls", "get", "/accounts/saml/adfs/sls/", dict.fromkeys(ROLES, 400)),  # no logout request
]


@pytest.fixture
def world(matrix_world, settings, client):
    configure(settings, ENVIRON)
    client.defaults["HTTP_HOST"] = "localhost"  # python3-saml builds its addresses from the Host header
    return matrix_world


test_permission_matrix = matrix_test(CASES)
