"""Single sign-on from the environment (sso_settings.py): allauth's apps, the form-action origins,
the role map, staff-only, and a clear error naming the variable for every mistake."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Env
from kosilab.accounts.sso_settings import RoleGrant, from_environment, groups_from, groups_source

CERT = "MIIC" + "A" * 60 + "=="
OIDC = {
    "KOSILAB_SSO_PROVIDERS": "keycloak",
    "KOSILAB_SSO_KEYCLOAK_PROTOCOL": "oidc",
    "KOSILAB_SSO_KEYCLOAK_NAME": "Stadt Dortmund (Keycloak)",
    "KOSILAB_SSO_KEYCLOAK_SERVER_URL": "https://login.dortmund.example/realms/stadt/",
    "KOSILAB_SSO_KEYCLOAK_CLIENT_ID": "kosilab",
    "KOSILAB_SSO_KEYCLOAK_CLIENT_SECRET": "s3cret",
}
SAML = {
    "KOSILAB_SSO_PROVIDERS": "adfs",
    "KOSILAB_SSO_ADFS_PROTOCOL": "SAML",
    "KOSILAB_SSO_ADFS_NAME": "Stadt Essen (ADFS)",
    "KOSILAB_SSO_ADFS_IDP_ENTITY_ID": "http://adfs.example.org/adfs/services/trust",
    "KOSILAB_SSO_ADFS_IDP_SSO_URL": "https://adfs.example.org/adfs/ls/",
    "KOSILAB_SSO_ADFS_IDP_X509CERT": f"-----BEGIN CERTIFICATE-----\n{CERT[:30]}\n{CERT[30:]}\n-----END CERTIFICATE-----",
}


def read(environ: dict[str, str]):
    return from_environment(Env(environ))


def test_nothing_configured_means_no_single_sign_on():
    config = read({})
    assert config.providers == {}
    assert config.form_action_origins == ()
    assert config.role_map == ()
    assert config.staff_only is False


def test_an_openid_connect_provider_becomes_an_allauth_app():
    config = read({**OIDC, "KOSILAB_SSO_KEYCLOAK_PKCE": "true", "KOSILAB_SSO_KEYCLOAK_GROUPS_CLAIM": "roles"})
    assert config.providers == {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "keycloak",
                    "name": "Stadt Dortmund (Keycloak)",
                    "client_id": "kosilab",
                    "secret": "s3cret",
                    "settings": {
                        "server_url": "https://login.dortmund.example/realms/stadt",
                        "scope": ["openid", "profile", "email"],
                        "oauth_pkce_enabled": True,
                        "kosilab_groups": "roles",
                    },
                }
            ]
        }
    }
    assert config.form_action_origins == ("https://login.dortmund.example",)
    assert config.provider_ids == ["keycloak"]
    assert groups_source(config.providers, "keycloak") == "roles"
    assert groups_source(config.providers, "other") is None


def test_a_saml_provider_becomes_an_allauth_app():
    config = read({**SAML, "KOSILAB_SSO_ADFS_ATTR_GROUPS": "http://schemas.xmlsoap.org/claims/Group"})
    [app] = config.providers["saml"]["APPS"]
    assert app["provider_id"] == app["client_id"] == "adfs"
    assert app["name"] == "Stadt Essen (ADFS)"
    assert app["settings"]["idp"] == {
        "entity_id": "http://adfs.example.org/adfs/services/trust",
        "sso_url": "https://adfs.example.org/adfs/ls/",
        "x509cert": CERT,  # BEGIN/END lines and line breaks taken out
    }
    assert app["settings"]["attribute_mapping"] == {
        "email": "email",
        "email_verified": "email_verified",
        "name": "name",
        "first_name": "givenName",
        "last_name": "sn",
    }
    assert app["settings"]["advanced"]["want_assertion_signed"] is True
    assert groups_source(config.providers, "adfs") == "http://schemas.xmlsoap.org/claims/Group"
    assert config.form_action_origins == ("https://adfs.example.org",)


def test_saml_from_the_metadata_url_and_attribute_names_and_verified_domains():
    environ = {
        **SAML,
        "KOSILAB_SSO_ADFS_IDP_SSO_URL": "",
        "KOSILAB_SSO_ADFS_IDP_X509CERT": "",
        "KOSILAB_SSO_ADFS_IDP_METADATA_URL": "https://adfs.example.org/FederationMetadata/2007-06/FederationMetadata.xml",
        "KOSILAB_SSO_ADFS_ATTR_EMAIL": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "KOSILAB_SSO_ADFS_ATTR_UID": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
        "KOSILAB_SSO_ADFS_VERIFIED_EMAIL": "stadt-essen.de, @essen.example",
    }
    [app] = read(environ).providers["saml"]["APPS"]
    assert app["settings"]["idp"] == {
        "entity_id": "http://adfs.example.org/adfs/services/trust",
        "metadata_url": "https://adfs.example.org/FederationMetadata/2007-06/FederationMetadata.xml",
    }
    mapping = app["settings"]["attribute_mapping"]
    assert mapping["email"] == "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
    assert mapping["uid"] == "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"
    assert app["settings"]["verified_email"] == ["stadt-essen.de", "essen.example"]


def test_two_providers_the_role_map_and_staff_only():
    environ = {
        **OIDC,
        **SAML,
        "KOSILAB_SSO_PROVIDERS": "keycloak, adfs",
        "KOSILAB_SSO_ROLE_MAP": "kosilab-dortmund-leitung=dortmund:manager, kosilab-dortmund-team = dortmund:facilitator,"
        "CN=Lab Essen=essen:manager",
        "KOSILAB_SSO_STAFF_ONLY": "true",
        "KOSILAB_SSO_KEYCLOAK_VERIFIED_EMAIL": "true",
    }
    config = read(environ)
    assert config.provider_ids == ["keycloak", "adfs"]
    assert config.form_action_origins == ("https://login.dortmund.example", "https://adfs.example.org")
    assert config.providers["openid_connect"]["APPS"][0]["settings"]["verified_email"] is True
    assert config.staff_only is True
    # A group name may hold "=" and spaces (not ","): the last "=" separates the lab.
    assert config.role_map == (
        RoleGrant(group="kosilab-dortmund-leitung", lab="dortmund", role="manager"),
        RoleGrant(group="kosilab-dortmund-team", lab="dortmund", role="facilitator"),
        RoleGrant(group="CN=Lab Essen", lab="essen", role="manager"),
    )


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"KOSILAB_SSO_PROVIDERS": "Key-Cloak"}, "KOSILAB_SSO_PROVIDERS: 'key-cloak' is not a provider id."),
        ({"KOSILAB_SSO_PROVIDERS": "a,a"}, "KOSILAB_SSO_PROVIDERS names 'a' twice."),
        ({"KOSILAB_SSO_PROVIDERS": "kc"}, "KOSILAB_SSO_KC_PROTOCOL must be set for the provider 'kc'"),
        ({**OIDC, "KOSILAB_SSO_KEYCLOAK_PROTOCOL": "oauth"}, "KOSILAB_SSO_KEYCLOAK_PROTOCOL must be oidc or saml"),
        ({**OIDC, "KOSILAB_SSO_KEYCLOAK_NAME": " "}, "KOSILAB_SSO_KEYCLOAK_NAME must be set"),
        ({**OIDC, "KOSILAB_SSO_KEYCLOAK_SERVER_URL": ""}, "KOSILAB_SSO_KEYCLOAK_SERVER_URL must be set"),
        ({**OIDC, "KOSILAB_SSO_KEYCLOAK_SERVER_URL": "login.example"}, "KOSILAB_SSO_KEYCLOAK_SERVER_URL must be a web"),
        ({**OIDC, "KOSILAB_SSO_KEYCLOAK_CLIENT_ID": ""}, "KOSILAB_SSO_KEYCLOAK_CLIENT_ID must be set"),
        ({**OIDC, "KOSILAB_SSO_KEYCLOAK_CLIENT_SECRET": ""}, "KOSILAB_SSO_KEYCLOAK_CLIENT_SECRET must be set"),
        ({**OIDC, "KOSILAB_SSO_KEYCLOAK_SCOPES": "profile email"}, "KOSILAB_SSO_KEYCLOAK_SCOPES must include openid"),
        ({**OIDC, "KOSILAB_SSO_KEYCLOAK_PKCE": "maybe"}, "KOSILAB_SSO_KEYCLOAK_PKCE must be a boolean"),
        ({**OIDC, "KOSILAB_SSO_KEYCLOAK_VERIFIED_EMAIL": "x y"}, "KOSILAB_SSO_KEYCLOAK_VERIFIED_EMAIL must be true,"),
        ({**SAML, "KOSILAB_SSO_ADFS_IDP_ENTITY_ID": ""}, "KOSILAB_SSO_ADFS_IDP_ENTITY_ID must be set"),
        ({**SAML, "KOSILAB_SSO_ADFS_IDP_SSO_URL": ""}, "KOSILAB_SSO_ADFS_IDP_SSO_URL must be set"),
        ({**SAML, "KOSILAB_SSO_ADFS_IDP_X509CERT": ""}, "KOSILAB_SSO_ADFS_IDP_X509CERT (the identity provider's"),
        ({**SAML, "KOSILAB_SSO_ADFS_IDP_X509CERT": "not a cert!"}, "KOSILAB_SSO_ADFS_IDP_X509CERT must be the"),
        ({**SAML, "KOSILAB_SSO_ADFS_IDP_METADATA_URL": "ftp://x"}, "KOSILAB_SSO_ADFS_IDP_METADATA_URL must be a web"),
        ({**OIDC, "KOSILAB_SSO_ROLE_MAP": "team=dortmund"}, "KOSILAB_SSO_ROLE_MAP: 'team=dortmund' is not group="),
        ({**OIDC, "KOSILAB_SSO_ROLE_MAP": "dortmund:manager"}, "KOSILAB_SSO_ROLE_MAP: 'dortmund:manager' is not"),
        ({**OIDC, "KOSILAB_SSO_ROLE_MAP": "t=dort mund:manager"}, "KOSILAB_SSO_ROLE_MAP: 'dort mund' in"),
        ({**OIDC, "KOSILAB_SSO_ROLE_MAP": "t=dortmund:Chef"}, "KOSILAB_SSO_ROLE_MAP: 'Chef' in 't=dortmund:Chef'"),
        (
            {**OIDC, "KOSILAB_SSO_ROLE_MAP": "t=d:manager,t=d:facilitator"},
            "KOSILAB_SSO_ROLE_MAP maps the group 't' to the lab 'd' twice.",
        ),
        ({"KOSILAB_SSO_ROLE_MAP": "t=d:manager"}, "KOSILAB_SSO_ROLE_MAP is set, but KOSILAB_SSO_PROVIDERS names no"),
        ({"KOSILAB_SSO_STAFF_ONLY": "1"}, "KOSILAB_SSO_STAFF_ONLY is on, but KOSILAB_SSO_PROVIDERS names no provider"),
        ({"KOSILAB_SSO_STAFF_ONLY": "sure"}, "KOSILAB_SSO_STAFF_ONLY must be a boolean"),
    ],
)
def test_each_mistake_names_its_variable(environ, message):
    with pytest.raises(ImproperlyConfigured) as raised:
        read(environ)
    assert str(raised.value).startswith(message), str(raised.value)


def test_groups_are_read_from_what_each_protocol_keeps():
    oidc = {"userinfo": {"sub": "1", "groups": ["b", "a", "a", " "]}, "id_token": {"groups": ["ignored"]}}
    assert groups_from(oidc, "groups") == ["a", "b"]
    assert groups_from({"id_token": {"groups": "single"}}, "groups") == ["single"]
    assert groups_from({"userinfo": {"sub": "1"}}, "groups") == []  # no claim: no groups
    saml = {"email": ["e@example.org"], "http://schemas.xmlsoap.org/claims/Group": ["Lab Team", "Staff"]}
    assert groups_from(saml, "http://schemas.xmlsoap.org/claims/Group") == ["Lab Team", "Staff"]
    assert groups_from(saml, "groups") == []
    assert groups_from(None, "groups") == []
