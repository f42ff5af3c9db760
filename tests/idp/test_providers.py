"""The test identity providers work on their own: logins through both, checked as a relying party would.

OpenID Connect: the authorization-code flow with ``requests``, the ID token verified against the
JWKS with PyJWT. SAML: the AuthnRequest built and the Response validated by python3-saml, the
library allauth's SAML provider uses.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import urllib.parse
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
import requests
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from tests.idp.fixtures import (
    IdpUser,
    OidcProvider,
    ProviderStartError,
    SamlIdp,
    start_oidc_provider,
    start_saml_idp,
)
from tests.idp.htmlforms import submit_login, the_form

ERIKA = IdpUser(
    email="erika@example.org", password="erika-secret", name="Erika Mustermann", groups=["lab-managers", "dortmund"]
)
OTTO = IdpUser(email="otto@example.org", password="otto-secret", name="Otto", groups=[])
# Nothing listens here: the tests read the redirects and posts aimed at it instead of following them.
APP = "http://127.0.0.1:9"
REDIRECT_URI = f"{APP}/accounts/oidc/kosilab/login/callback/"
SP_ENTITY_ID = f"{APP}/accounts/saml/kosilab/metadata/"
ACS_URL = f"{APP}/accounts/saml/kosilab/acs/"
WRONG_PASSWORD_ALERT = "Wrong email address or password."


# --- OpenID Connect ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oidc() -> Iterator[OidcProvider]:
    with start_oidc_provider([ERIKA, OTTO], redirect_uris=[REDIRECT_URI], client_secret="client-secret") as provider:
        yield provider


@pytest.fixture(scope="module")
def discovery(oidc: OidcProvider) -> dict[str, Any]:
    return requests.get(oidc.discovery_url, timeout=10).json()


def authorize(session: requests.Session, discovery: dict[str, Any], oidc: OidcProvider, scope: str) -> dict[str, str]:
    """Ask for a code; returns the authorization request's parameters, the response in ``response``."""
    params = {
        "response_type": "code",
        "client_id": oidc.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": scope,
        "state": secrets.token_urlsafe(16),
        "nonce": secrets.token_urlsafe(16),
    }
    response = session.get(discovery["authorization_endpoint"], params=params, allow_redirects=False, timeout=10)
    return {**params, "response": response}


def follow_to_redirect_uri(session: requests.Session, response: requests.Response) -> dict[str, str]:
    """Follow the provider's redirects up to the relying party's redirect URI; its query parameters."""
    for _ in range(5):
        assert response.status_code == 302, (response.status_code, response.text[:1000])
        location = urllib.parse.urljoin(response.url, response.headers["Location"])
        if location.startswith(REDIRECT_URI):
            return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
        response = session.get(location, allow_redirects=False, timeout=10)
    raise AssertionError("too many redirects")


def redeem(discovery: dict[str, Any], oidc: OidcProvider, code: str) -> dict[str, Any]:
    response = requests.post(
        discovery["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "client_id": oidc.client_id,
            "client_secret": oidc.client_secret,
        },
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


def verified_id_token(discovery: dict[str, Any], oidc: OidcProvider, id_token: str) -> dict[str, Any]:
    jwks = jwt.PyJWKSet.from_dict(requests.get(discovery["jwks_uri"], timeout=10).json())
    header = jwt.get_unverified_header(id_token)
    assert header["alg"] == "RS256"
    key = next(key for key in jwks.keys if key.key_id == header["kid"])
    return jwt.decode(id_token, key=key, algorithms=["RS256"], audience=oidc.client_id, issuer=oidc.issuer)


def userinfo(discovery: dict[str, Any], access_token: str) -> dict[str, Any]:
    response = requests.get(
        discovery["userinfo_endpoint"], headers={"Authorization": f"Bearer {access_token}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_oidc_discovery(oidc: OidcProvider, discovery: dict[str, Any]) -> None:
    assert oidc.issuer.startswith("http://127.0.0.1:")
    assert oidc.discovery_url == f"{oidc.issuer}/.well-known/openid-configuration"
    assert discovery["issuer"] == oidc.issuer
    assert discovery["authorization_endpoint"] == f"{oidc.issuer}/authorize/"
    assert discovery["response_types_supported"] == ["code"]
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]
    assert {"openid", "profile", "email", "groups"} <= set(discovery["scopes_supported"])
    assert {"email", "email_verified", "name", "given_name", "family_name", "groups"} <= set(
        discovery["claims_supported"]
    )
    keys = requests.get(discovery["jwks_uri"], timeout=10).json()["keys"]
    assert [(key["kty"], key["alg"], key["use"]) for key in keys] == [("RSA", "RS256", "sig")]


def test_oidc_authorization_code_flow(oidc: OidcProvider, discovery: dict[str, Any]) -> None:
    session = requests.Session()
    request = authorize(session, discovery, oidc, "openid profile email")

    # Not signed in at the provider: its login page, a plain form with labels.
    login_page = session.get(urllib.parse.urljoin(oidc.issuer, request["response"].headers["Location"]), timeout=10)
    assert urllib.parse.urlsplit(login_page.url).path == "/login/"
    form = the_form(login_page)
    assert form.labels == {"Email address": "username", "Password": "password"}
    assert "<link" not in login_page.text and "<script" not in login_page.text

    again = submit_login(session, login_page, ERIKA.email, "not-her-password")
    assert again.status_code == 200
    assert WRONG_PASSWORD_ALERT in again.text
    assert the_form(again).labels == {"Email address": "username", "Password": "password"}

    # No consent screen: straight back to the relying party with a code.
    signed_in = submit_login(session, again, ERIKA.email, ERIKA.password)
    answer = follow_to_redirect_uri(session, signed_in)
    assert answer["state"] == request["state"]

    tokens = redeem(discovery, oidc, answer["code"])
    assert tokens["token_type"] == "Bearer"
    claims = verified_id_token(discovery, oidc, tokens["id_token"])
    assert claims["nonce"] == request["nonce"]
    assert claims["email"] == ERIKA.email
    assert claims["email_verified"] is True
    assert claims["name"] == "Erika Mustermann"
    assert (claims["given_name"], claims["family_name"]) == ("Erika", "Mustermann")
    assert claims["groups"] == ["dortmund", "lab-managers"]

    info = userinfo(discovery, tokens["access_token"])
    assert info["sub"] == claims["sub"]
    for claim in ("email", "email_verified", "name", "given_name", "family_name", "groups"):
        assert info[claim] == claims[claim], claim

    # A code is good once.
    reused = requests.post(
        discovery["token_endpoint"],
        data={"grant_type": "authorization_code", "code": answer["code"], "redirect_uri": REDIRECT_URI},
        auth=(oidc.client_id, oidc.client_secret),
        timeout=10,
    )
    assert reused.status_code == 400

    # Signed in at the provider now: the next authorization needs no form. Scopes decide the claims.
    request = authorize(session, discovery, oidc, "openid email")
    answer = follow_to_redirect_uri(session, request["response"])
    claims = verified_id_token(discovery, oidc, redeem(discovery, oidc, answer["code"])["id_token"])
    assert claims["email"] == ERIKA.email
    assert "name" not in claims and "groups" not in claims

    request = authorize(session, discovery, oidc, "openid groups")
    answer = follow_to_redirect_uri(session, request["response"])
    tokens = redeem(discovery, oidc, answer["code"])
    assert verified_id_token(discovery, oidc, tokens["id_token"])["groups"] == ["dortmund", "lab-managers"]
    assert "email" not in userinfo(discovery, tokens["access_token"])


def test_oidc_one_word_name_and_no_groups(oidc: OidcProvider, discovery: dict[str, Any]) -> None:
    session = requests.Session()
    request = authorize(session, discovery, oidc, "openid profile email")
    login_page = session.get(urllib.parse.urljoin(oidc.issuer, request["response"].headers["Location"]), timeout=10)
    answer = follow_to_redirect_uri(session, submit_login(session, login_page, OTTO.email, OTTO.password))
    claims = verified_id_token(discovery, oidc, redeem(discovery, oidc, answer["code"])["id_token"])
    assert claims["name"] == "Otto"
    assert "given_name" not in claims and "family_name" not in claims
    assert claims["groups"] == []


def test_oidc_refuses_wrong_secret_and_unknown_redirect_uri(oidc: OidcProvider, discovery: dict[str, Any]) -> None:
    response = requests.post(
        discovery["token_endpoint"],
        data={"grant_type": "authorization_code", "code": "nothing", "redirect_uri": REDIRECT_URI},
        auth=(oidc.client_id, "wrong-secret"),
        timeout=10,
    )
    assert response.status_code == 401

    # Signed out: the redirect URI is checked before the login, and never redirected to.
    response = requests.get(
        discovery["authorization_endpoint"],
        params={
            "response_type": "code",
            "client_id": oidc.client_id,
            "redirect_uri": f"{APP}/elsewhere/",
            "scope": "openid",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code in (302, 400)
    assert f"{APP}/elsewhere/" not in response.headers.get("Location", "")


def test_oidc_pkce_when_required(oidc_provider_factory: Any) -> None:
    provider = oidc_provider_factory([ERIKA], redirect_uris=[REDIRECT_URI], require_pkce=True)
    discovery = requests.get(provider.discovery_url, timeout=10).json()
    session = requests.Session()
    request = authorize(session, discovery, provider, "openid")
    login_page = session.get(urllib.parse.urljoin(provider.issuer, request["response"].headers["Location"]), timeout=10)
    # Signed in, but the authorization request has no code challenge: refused.
    refused = follow_to_redirect_uri(session, submit_login(session, login_page, ERIKA.email, ERIKA.password))
    assert refused["error"] == "invalid_request"

    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    response = session.get(
        discovery["authorization_endpoint"],
        params={
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": "openid email",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
        allow_redirects=False,
        timeout=10,
    )
    code = follow_to_redirect_uri(session, response)["code"]
    token_request = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    credentials = (provider.client_id, provider.client_secret)
    wrong = requests.post(
        discovery["token_endpoint"], data={**token_request, "code_verifier": "x" * 43}, auth=credentials, timeout=10
    )
    assert wrong.status_code == 400
    right = requests.post(
        discovery["token_endpoint"], data={**token_request, "code_verifier": verifier}, auth=credentials, timeout=10
    )
    assert right.status_code == 200, right.text
    assert verified_id_token(discovery, provider, right.json()["id_token"])["email"] == ERIKA.email


def test_oidc_factory_reports_a_failed_start_with_the_log(oidc_provider_factory: Any) -> None:
    with pytest.raises(ProviderStartError, match="IntegrityError"):
        oidc_provider_factory([ERIKA, ERIKA], redirect_uris=[REDIRECT_URI])


# --- SAML ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def saml() -> Iterator[SamlIdp]:
    with start_saml_idp([ERIKA, OTTO], sp_entity_id=SP_ENTITY_ID, acs_url=ACS_URL) as idp:
        yield idp


def sp_settings(idp: SamlIdp, *, binding: str = OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT) -> dict[str, Any]:
    """python3-saml's settings of an SP that wants signed responses and signed assertions."""
    sso_url = idp.sso_url if binding == OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT else idp.sso_post_url
    return {
        "strict": True,
        "sp": {
            "entityId": SP_ENTITY_ID,
            "assertionConsumerService": {"url": ACS_URL, "binding": OneLogin_Saml2_Constants.BINDING_HTTP_POST},
            "NameIDFormat": OneLogin_Saml2_Constants.NAMEID_EMAIL_ADDRESS,
        },
        "idp": {
            "entityId": idp.entity_id,
            "singleSignOnService": {"url": sso_url, "binding": binding},
            "x509cert": idp.x509cert,
        },
        "security": {
            "authnRequestsSigned": False,
            "wantAssertionsSigned": True,
            "wantMessagesSigned": True,
            "rejectDeprecatedAlgorithm": True,
        },
    }


def sp_request(path: str, post_data: dict[str, str] | None = None) -> dict[str, Any]:
    """A request to the SP at ``path`` as python3-saml describes one."""
    return {
        "https": "off",
        "http_host": "127.0.0.1:9",
        "script_name": path,
        "get_data": {},
        "post_data": post_data or {},
    }


def start_login(session: requests.Session, idp: SamlIdp, **login: Any) -> tuple[str, requests.Response]:
    auth = OneLogin_Saml2_Auth(sp_request("/accounts/saml/kosilab/login/"), sp_settings(idp))
    url = auth.login(return_to=f"{APP}/after-login/", **login)
    assert url.startswith(f"{idp.sso_url}?SAMLRequest=")
    return auth.get_last_request_id(), session.get(url, timeout=10)


def consume(idp: SamlIdp, page: requests.Response, request_id: str) -> OneLogin_Saml2_Auth:
    """Take the auto-post form's SAMLResponse to the ACS as the SP would, validated strictly."""
    form = the_form(page)
    assert form.action == ACS_URL and form.method == "post"
    assert form.fields["RelayState"] == f"{APP}/after-login/"
    auth = OneLogin_Saml2_Auth(sp_request("/accounts/saml/kosilab/acs/", form.fields), sp_settings(idp))
    auth.process_response(request_id=request_id)
    assert auth.get_errors() == [], auth.get_last_error_reason()
    assert auth.is_authenticated()
    return auth


def test_saml_metadata(saml: SamlIdp) -> None:
    assert saml.entity_id == saml.metadata_url
    response = requests.get(saml.metadata_url, timeout=10)
    assert response.status_code == 200
    metadata = OneLogin_Saml2_XML.to_etree(response.content)
    assert metadata.get("entityID") == saml.entity_id
    namespaces = {"md": "urn:oasis:names:tc:SAML:2.0:metadata", "ds": "http://www.w3.org/2000/09/xmldsig#"}
    locations = {
        element.get("Binding"): element.get("Location")
        for element in metadata.findall(".//md:SingleSignOnService", namespaces)
    }
    assert locations == {
        OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT: saml.sso_url,
        OneLogin_Saml2_Constants.BINDING_HTTP_POST: saml.sso_post_url,
    }
    assert metadata.findtext(".//ds:X509Certificate", namespaces=namespaces) == saml.x509cert


def test_saml_login(saml: SamlIdp) -> None:
    session = requests.Session()
    request_id, login_page = start_login(session, saml)
    assert login_page.status_code == 200
    assert the_form(login_page).labels == {"Email address": "username", "Password": "password"}
    assert "<link" not in login_page.text

    again = submit_login(session, login_page, ERIKA.email, "not-her-password")
    assert again.status_code == 200
    assert WRONG_PASSWORD_ALERT in again.text

    answer = submit_login(session, again, ERIKA.email, ERIKA.password)
    assert answer.status_code == 200
    auth = consume(saml, answer, request_id)
    assert auth.get_nameid() == ERIKA.email
    assert auth.get_nameid_format() == OneLogin_Saml2_Constants.NAMEID_EMAIL_ADDRESS
    assert auth.get_session_index()
    assert auth.get_attributes() == {
        "email": [ERIKA.email],
        "email_verified": ["true"],
        "name": ["Erika Mustermann"],
        "givenName": ["Erika"],
        "sn": ["Mustermann"],
        "groups": ["lab-managers", "dortmund"],
    }

    # Both the response and its assertion carry a signature (python3-saml checked them, strictly).
    response = OneLogin_Saml2_XML.to_etree(auth.get_last_response_xml())
    namespaces = {"samlp": OneLogin_Saml2_Constants.NS_SAMLP, "saml": OneLogin_Saml2_Constants.NS_SAML}
    namespaces["ds"] = OneLogin_Saml2_Constants.NS_DS
    assert response.find("ds:Signature", namespaces) is not None
    assert response.find("saml:Assertion/ds:Signature", namespaces) is not None
    assert response.get("Destination") == ACS_URL
    assert response.get("InResponseTo") == request_id
    name_format = response.find(".//saml:Attribute[@Name='groups']", namespaces).get("NameFormat")
    assert name_format == OneLogin_Saml2_Constants.ATTRNAME_FORMAT_BASIC

    # Signed in at the IdP now: the next request is answered at once; ForceAuthn asks again.
    request_id, answer = start_login(session, saml)
    assert consume(saml, answer, request_id).get_nameid() == ERIKA.email
    _, forced = start_login(session, saml, force_authn=True)
    assert WRONG_PASSWORD_ALERT not in forced.text
    assert the_form(forced).labels == {"Email address": "username", "Password": "password"}


def test_saml_login_through_post_binding(saml: SamlIdp) -> None:
    settings = sp_settings(saml, binding=OneLogin_Saml2_Constants.BINDING_HTTP_POST)
    auth = OneLogin_Saml2_Auth(sp_request("/accounts/saml/kosilab/login/"), settings)
    # python3-saml sends by redirect only; the same AuthnRequest, posted as the HTTP-POST binding does.
    redirect_url = auth.login(return_to=f"{APP}/after-login/")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(redirect_url).query))
    xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(query["SAMLRequest"])
    session = requests.Session()
    login_page = session.post(
        saml.sso_post_url,
        data={"SAMLRequest": OneLogin_Saml2_Utils.b64encode(xml), "RelayState": query["RelayState"]},
        timeout=10,
    )
    assert login_page.status_code == 200, login_page.text
    answer = submit_login(session, login_page, OTTO.email, OTTO.password)
    attributes = consume(saml, answer, auth.get_last_request_id()).get_attributes()
    assert attributes == {"email": [OTTO.email], "email_verified": ["true"], "name": ["Otto"]}


@pytest.mark.parametrize(
    ("setting", "value"),
    [("entityId", f"{APP}/someone-else/"), ("assertionConsumerService", {"url": f"{APP}/elsewhere/acs/"})],
    ids=["unknown-sp", "unknown-acs"],
)
def test_saml_refuses_requests_it_cannot_answer(saml: SamlIdp, setting: str, value: Any) -> None:
    settings = sp_settings(saml)
    settings["sp"][setting] = value
    url = OneLogin_Saml2_Auth(sp_request("/login/"), settings).login()
    response = requests.get(url, timeout=10)
    assert response.status_code == 400
    assert "<form" not in response.text
