"""The SAML 2.0 test identity provider as a WSGI app, on pysaml2's ``saml2.server.Server``.

Endpoints (``base`` is ``http://127.0.0.1:<port>``; the entity ID is ``base + "/metadata"``):

- ``GET /metadata``: the IdP's metadata (signing certificate, both SSO endpoints);
- ``GET /sso/redirect`` (HTTP-Redirect binding) and ``POST /sso/post`` (HTTP-POST binding): take
  an AuthnRequest (unsigned ones are accepted) from the one SP the IdP knows, and show the login
  form; with a session from an earlier login (and no ``ForceAuthn``) they answer right away;
- ``POST /login``: checks ``username`` (the email address) and ``password``; wrong ones get the
  form again (status 200, with an alert); right ones get an auto-submitting HTTP-POST form to the
  SP's ACS carrying a SAMLResponse whose assertion and response are both signed (RSA-SHA256).

The NameID is the email address (format emailAddress). Attributes, name format basic
(``urn:oasis:names:tc:SAML:2.0:attrname-format:basic``), names exactly as written here:
``email``, ``email_verified`` ("true"), ``name``, ``givenName`` and ``sn`` (only for names of at
least two words; the last word is the surname), ``groups`` (one value per group; left out when
the user has none).
"""

from __future__ import annotations

import base64
import datetime
import hmac
import html
import secrets
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.attribute_converter import AttributeConverter
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import AUTHN_PASSWORD, NAME_FORMAT_BASIC, NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

ATTRIBUTE_NAMES = ("email", "email_verified", "name", "givenName", "sn", "groups")
SESSION_COOKIE = "kosilab_idp_saml_session"
MAX_BODY = 1024 * 1024

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass(frozen=True)
class User:
    email: str
    password: str
    name: str
    groups: tuple[str, ...]


def user_attributes(user: User) -> dict[str, list[str]]:
    attributes = {"email": [user.email], "email_verified": ["true"], "name": [user.name]}
    given, _, family = user.name.strip().rpartition(" ")
    if given.strip():
        attributes["givenName"] = [given.strip()]
        attributes["sn"] = [family]
    if user.groups:
        attributes["groups"] = list(user.groups)
    return attributes


# --- Keys, metadata, configuration ---------------------------------------------------------


def generate_key_and_certificate(common_name: str) -> tuple[str, str]:
    """A fresh RSA key and a self-signed certificate for it (PEM, PEM), valid from a day ago for a year."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def pem_body(pem: str) -> str:
    """The base64 of a PEM certificate on one line, without the BEGIN/END lines (python3-saml's x509cert)."""
    return "".join(line.strip() for line in pem.strip().splitlines() if not line.startswith("-----"))


def sp_metadata_xml(entity_id: str, acs_url: str) -> str:
    """Minimal metadata of the SP: its entity ID and one ACS (HTTP-POST); unsigned AuthnRequests."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID={quoteattr(entity_id)}>
  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true"
      protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>{NAMEID_FORMAT_EMAILADDRESS}</md:NameIDFormat>
    <md:AssertionConsumerService Binding="{BINDING_HTTP_POST}" Location={quoteattr(acs_url)} index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
"""


def attribute_converter() -> AttributeConverter:
    """Attribute names go out as they are, in the basic name format."""
    converter = AttributeConverter(NAME_FORMAT_BASIC)
    names = {name: name for name in ATTRIBUTE_NAMES}
    converter.from_dict({"identifier": NAME_FORMAT_BASIC, "to": names, "fro": names})
    return converter


def idp_config(
    *, base_url: str, key_file: Path, cert_file: Path, sp_metadata_file: Path, xmlsec_binary: str
) -> IdPConfig:
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{base_url}/metadata",
            "name": "KoSI-Lab SAML test IdP",
            "service": {
                "idp": {
                    "name": "KoSI-Lab SAML test IdP",
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{base_url}/sso/redirect", BINDING_HTTP_REDIRECT),
                            (f"{base_url}/sso/post", BINDING_HTTP_POST),
                        ],
                    },
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                    "want_authn_requests_signed": False,
                    "sign_response": True,
                    "sign_assertion": True,
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_BASIC,
                            "fail_on_missing_requested": False,
                        }
                    },
                }
            },
            "key_file": str(key_file),
            "cert_file": str(cert_file),
            "metadata": {"local": [str(sp_metadata_file)]},
            "xmlsec_binary": xmlsec_binary,
            "accepted_time_diff": 60,
            "delete_tmpfiles": True,
        }
    )
    config.attribute_converters = [attribute_converter()]
    return config


# --- Pages ---------------------------------------------------------------------------------


def _page(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html.escape(title)}</title>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


def login_page(request_key: str, *, email: str = "", failed: bool = False) -> str:
    alert = '  <p role="alert" id="login-error">Wrong email address or password.</p>\n' if failed else ""
    described = ' aria-describedby="login-error"' if failed else ""
    return _page(
        "Sign in – SAML test identity provider",
        f"""  <h1>Sign in to the SAML test identity provider</h1>
{alert}  <form method="post" action="/login">
    <input type="hidden" name="request" value="{html.escape(request_key)}">
    <p>
      <label for="id_username">Email address</label>
      <input type="email" name="username" id="id_username" autocomplete="username" required
             value="{html.escape(email)}"{described}>
    </p>
    <p>
      <label for="id_password">Password</label>
      <input type="password" name="password" id="id_password" autocomplete="current-password" required>
    </p>
    <p><button type="submit">Sign in</button></p>
  </form>""",
    )


def post_to_sp_page(acs_url: str, saml_response: str, relay_state: str | None) -> str:
    relay = (
        f'\n    <input type="hidden" name="RelayState" value="{html.escape(relay_state)}">'
        if relay_state is not None
        else ""
    )
    return _page(
        "Signing you in – SAML test identity provider",
        f"""  <h1>Signing you in</h1>
  <form method="post" action="{html.escape(acs_url)}" id="saml-post">
    <input type="hidden" name="SAMLResponse" value="{html.escape(saml_response)}">{relay}
    <noscript><p>JavaScript is off: continue with the button.</p></noscript>
    <p><button type="submit">Continue</button></p>
  </form>
  <script>document.getElementById("saml-post").submit();</script>""",
    )


def error_page(message: str) -> str:
    return _page("Error – SAML test identity provider", f"  <h1>Error</h1>\n  <p>{html.escape(message)}</p>")


# --- The app -------------------------------------------------------------------------------


class SamlIdpApp:
    """Answers AuthnRequests from the one SP in the config's metadata, for the given users."""

    def __init__(self, config: IdPConfig, users: Iterable[User], log: Callable[[str], None] = print) -> None:
        self.server = Server(config=config)
        self.entity_id = config.entityid
        self.users = {user.email.lower(): user for user in users}
        self.log = log
        self._lock = threading.Lock()  # pysaml2's Server is not meant for concurrent use
        self._pending: dict[str, dict[str, Any]] = {}
        self._sessions: dict[str, str] = {}

    def metadata_xml(self) -> str:
        return str(entity_descriptor(self.server.config))

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        try:
            if path == "/metadata" and method in ("GET", "HEAD"):
                return self._respond(start_response, "200 OK", self.metadata_xml(), "application/samlmetadata+xml")
            if path == "/sso/redirect" and method == "GET":
                return self._sso(environ, start_response, _query(environ), BINDING_HTTP_REDIRECT)
            if path == "/sso/post" and method == "POST":
                return self._sso(environ, start_response, _form(environ), BINDING_HTTP_POST)
            if path == "/login" and method == "POST":
                return self._login(start_response, _form(environ))
        except BadRequest as error:
            self.log(f"400: {error}")
            return self._respond(start_response, "400 Bad Request", error_page(str(error)))
        return self._respond(start_response, "404 Not Found", error_page(f"No such page: {method} {path}"))

    def _sso(
        self, environ: dict[str, Any], start_response: StartResponse, params: dict[str, str], binding: str
    ) -> Iterable[bytes]:
        saml_request = params.get("SAMLRequest")
        if not saml_request:
            raise BadRequest("SAMLRequest is missing.")
        with self._lock:
            try:
                request_info = self.server.parse_authn_request(saml_request, binding)
                authn_request = request_info.message
                response_args = self.server.response_args(authn_request, [BINDING_HTTP_POST])
            except Exception as error:
                raise BadRequest(f"Unusable AuthnRequest: {error!r}") from error
        response_args.pop("binding", None)
        pending = {"response_args": response_args, "relay_state": params.get("RelayState")}
        self.log(f"AuthnRequest {authn_request.id} from {response_args['sp_entity_id']} ({binding})")

        session_email = self._sessions.get(_cookies(environ).get(SESSION_COOKIE, ""))
        if session_email and str(authn_request.force_authn).lower() not in ("true", "1"):
            return self._answer(start_response, self.users[session_email], pending, cookie=None)
        key = secrets.token_urlsafe(24)
        self._pending[key] = pending
        return self._respond(start_response, "200 OK", login_page(key))

    def _login(self, start_response: StartResponse, form: dict[str, str]) -> Iterable[bytes]:
        key = form.get("request", "")
        if key not in self._pending:
            raise BadRequest("Unknown or used login request: start again at the service provider.")
        email = form.get("username", "").strip()
        user = self.users.get(email.lower())
        if user is None or not hmac.compare_digest(user.password.encode(), form.get("password", "").encode()):
            self.log(f"login failed for {email!r}")
            return self._respond(start_response, "200 OK", login_page(key, email=email, failed=True))
        pending = self._pending.pop(key, None)
        if pending is None:
            raise BadRequest("Unknown or used login request: start again at the service provider.")
        token = secrets.token_urlsafe(24)
        self._sessions[token] = user.email.lower()
        return self._answer(start_response, user, pending, cookie=token)

    def _answer(
        self, start_response: StartResponse, user: User, pending: dict[str, Any], cookie: str | None
    ) -> Iterable[bytes]:
        response_args = pending["response_args"]
        with self._lock:
            response = self.server.create_authn_response(
                user_attributes(user),
                userid=user.email,
                name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=user.email),
                authn={"class_ref": AUTHN_PASSWORD, "authn_auth": self.entity_id},
                sign_response=True,
                sign_assertion=True,
                sign_alg=SIG_RSA_SHA256,
                digest_alg=DIGEST_SHA256,
                **response_args,
            )
        encoded = base64.b64encode(str(response).encode("utf-8")).decode("ascii")
        self.log(f"Response to {response_args['in_response_to']} for {user.email} -> {response_args['destination']}")
        headers = []
        if cookie is not None:
            headers.append(("Set-Cookie", f"{SESSION_COOKIE}={cookie}; Path=/; HttpOnly; SameSite=Lax"))
        page = post_to_sp_page(response_args["destination"], encoded, pending["relay_state"])
        return self._respond(start_response, "200 OK", page, extra_headers=headers)

    @staticmethod
    def _respond(
        start_response: StartResponse,
        status: str,
        body: str,
        content_type: str = "text/html; charset=utf-8",
        extra_headers: list[tuple[str, str]] | None = None,
    ) -> Iterable[bytes]:
        data = body.encode("utf-8")
        headers = [
            ("Content-Type", content_type),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
            *(extra_headers or []),
        ]
        start_response(status, headers)
        return [data]


class BadRequest(Exception):
    pass


def _query(environ: dict[str, Any]) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))


def _form(environ: dict[str, Any]) -> dict[str, str]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        raise BadRequest("Request body too large.")
    body = environ["wsgi.input"].read(length).decode("utf-8", errors="replace") if length else ""
    return dict(urllib.parse.parse_qsl(body, keep_blank_values=True))


def _cookies(environ: dict[str, Any]) -> dict[str, str]:
    cookies = {}
    for part in environ.get("HTTP_COOKIE", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            cookies[name] = value
    return cookies
