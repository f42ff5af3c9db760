"""Single sign-on, configured by environment variables only (docs/operations.md "Single sign-on").

:func:`from_environment` turns ``KOSILAB_SSO_*`` into django-allauth's ``SOCIALACCOUNT_PROVIDERS``
(apps in settings, no ``SocialApp`` rows), the origins the log-in form may be sent on to
(Content-Security-Policy ``form-action``), the map of identity-provider groups to lab roles and
the "single sign-on only for staff" switch. A wrong or incomplete configuration raises
ImproperlyConfigured at start, naming the variable.

Only the standard library and ImproperlyConfigured: config/settings.py imports this module before
Django is set up. Lab slugs and roles are checked against the database by the labs app at start
(``kosilab/labs/sso.py``), which may import what accounts may not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

PREFIX = "KOSILAB_SSO_"
PROVIDER_ID = re.compile(r"^[a-z][a-z0-9]{0,29}$")
LAB_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
ROLE = re.compile(r"^[a-z_]+$")
PROTOCOLS = {"oidc": "openid_connect", "saml": "saml"}
# Where allauth's app settings keep the name of the groups claim / attribute (allauth ignores it).
GROUPS_KEY = "kosilab_groups"
DEFAULT_OIDC_SCOPES = ("openid", "profile", "email")
SAML_ATTRIBUTES = {  # allauth's attribute_mapping key -> (variable suffix, default attribute name)
    "email": ("ATTR_EMAIL", "email"),
    "email_verified": ("ATTR_EMAIL_VERIFIED", "email_verified"),
    "name": ("ATTR_NAME", "name"),
    "first_name": ("ATTR_FIRST_NAME", "givenName"),
    "last_name": ("ATTR_LAST_NAME", "sn"),
}


class EnvReader(Protocol):
    """What is read from the environment (``config.env.Env``)."""

    def string(self, name: str, default: str | None = None) -> str: ...
    def boolean(self, name: str, default: bool = False) -> bool: ...
    def items(self, name: str, default: list[str] | None = None) -> list[str]: ...


@dataclass(frozen=True)
class RoleGrant:
    """Members of ``group`` at the identity provider get ``role`` in the lab ``lab`` (its slug)."""

    group: str
    lab: str
    role: str


@dataclass(frozen=True)
class SsoConfig:
    providers: dict[str, Any] = field(default_factory=dict)  # SOCIALACCOUNT_PROVIDERS
    form_action_origins: tuple[str, ...] = ()
    role_map: tuple[RoleGrant, ...] = ()
    staff_only: bool = False

    @property
    def provider_ids(self) -> list[str]:
        return [app["provider_id"] for apps in self.providers.values() for app in apps["APPS"]]


def from_environment(env: EnvReader) -> SsoConfig:
    """Read every ``KOSILAB_SSO_*`` variable; ImproperlyConfigured names the first one that is wrong."""
    ids = [item.lower() for item in env.items(PREFIX + "PROVIDERS")]
    providers: dict[str, Any] = {}
    origins: list[str] = []
    for index, provider_id in enumerate(ids):
        if not PROVIDER_ID.match(provider_id):
            raise ImproperlyConfigured(
                f"{PREFIX}PROVIDERS: {provider_id!r} is not a provider id. Use lower-case letters and digits, "
                "starting with a letter (at most 30), e.g. keycloak,adfs."
            )
        if provider_id in ids[:index]:
            raise ImproperlyConfigured(f"{PREFIX}PROVIDERS names {provider_id!r} twice.")
    for provider_id in ids:
        variables = _Variables(env, provider_id)
        protocol = variables.choice("PROTOCOL", PROTOCOLS)
        if protocol == "oidc":
            app, app_origins = _oidc_app(variables)
        else:
            app, app_origins = _saml_app(variables)
        providers.setdefault(PROTOCOLS[protocol], {"APPS": []})["APPS"].append(app)
        origins.extend(origin for origin in app_origins if origin not in origins)
    role_map = parse_role_map(env.string(PREFIX + "ROLE_MAP", ""))
    staff_only = env.boolean(PREFIX + "STAFF_ONLY", default=False)
    if staff_only and not providers:
        raise ImproperlyConfigured(
            f"{PREFIX}STAFF_ONLY is on, but {PREFIX}PROVIDERS names no provider: lab teams could not log in at all."
        )
    if role_map and not providers:
        raise ImproperlyConfigured(f"{PREFIX}ROLE_MAP is set, but {PREFIX}PROVIDERS names no provider.")
    return SsoConfig(providers=providers, form_action_origins=tuple(origins), role_map=role_map, staff_only=staff_only)


def parse_role_map(value: str) -> tuple[RoleGrant, ...]:
    """``group=lab-slug:role, …`` as grants. Group names may hold anything but ``,`` and ``=``."""
    grants: list[RoleGrant] = []
    name = PREFIX + "ROLE_MAP"
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        group, equals, target = (piece.strip() for piece in item.rpartition("="))
        lab, colon, role = (piece.strip() for piece in target.partition(":"))
        if not (equals and colon and group and lab and role):
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not group=lab-slug:role, e.g. kosilab-dortmund-leitung=dortmund:manager."
            )
        if not LAB_SLUG.match(lab):
            raise ImproperlyConfigured(f"{name}: {lab!r} in {item!r} is not a lab's slug (as in its address).")
        if not ROLE.match(role):
            raise ImproperlyConfigured(f"{name}: {role!r} in {item!r} is not a role (manager or facilitator).")
        if any(grant.group == group and grant.lab == lab for grant in grants):
            raise ImproperlyConfigured(f"{name} maps the group {group!r} to the lab {lab!r} twice.")
        grants.append(RoleGrant(group=group, lab=lab, role=role))
    return tuple(grants)


def groups_source(providers: dict[str, Any], provider_id: str) -> str | None:
    """The claim (OpenID Connect) or attribute (SAML) that carries a provider's groups."""
    for apps in providers.values():
        for app in apps.get("APPS", []):
            if app.get("provider_id") == provider_id:
                source = app.get("settings", {}).get(GROUPS_KEY)
                return str(source) if source else None
    return None


def groups_from(extra_data: Any, source: str) -> list[str]:
    """The group names a provider sent, from the social account's ``extra_data``: OpenID Connect
    keeps ``{"userinfo": {...}, "id_token": {...}}``, SAML the attributes (name -> list of values).
    A claim that is absent counts as no groups."""
    if not isinstance(extra_data, dict):
        return []
    value: Any = None
    if "userinfo" in extra_data or "id_token" in extra_data:
        for part in ("userinfo", "id_token"):
            claims = extra_data.get(part)
            if isinstance(claims, dict) and source in claims:
                value = claims[source]
                break
    else:
        value = extra_data.get(source)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return sorted({str(item).strip() for item in value if str(item).strip()})


# --- Per provider --------------------------------------------------------------------------------


class _Variables:
    """``KOSILAB_SSO_<ID>_<SUFFIX>`` of one provider."""

    def __init__(self, env: EnvReader, provider_id: str) -> None:
        self.env = env
        self.provider_id = provider_id

    def name(self, suffix: str) -> str:
        return f"{PREFIX}{self.provider_id.upper()}_{suffix}"

    def optional(self, suffix: str, default: str = "") -> str:
        return self.env.string(self.name(suffix), default).strip() or default

    def required(self, suffix: str, example: str) -> str:
        value = self.optional(suffix)
        if not value:
            raise ImproperlyConfigured(
                f"{self.name(suffix)} must be set for the provider {self.provider_id!r} "
                f"named in {PREFIX}PROVIDERS, e.g. {example}."
            )
        return value

    def choice(self, suffix: str, choices: dict[str, str]) -> str:
        value = self.required(suffix, " or ".join(choices)).lower()
        if value not in choices:
            raise ImproperlyConfigured(f"{self.name(suffix)} must be {' or '.join(choices)}, not {value!r}.")
        return value

    def url(self, suffix: str, example: str, *, required: bool = True) -> str:
        value = self.required(suffix, example) if required else self.optional(suffix)
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme not in {"https", "http"} or not parts.hostname:
            raise ImproperlyConfigured(f"{self.name(suffix)} must be a web address, e.g. {example}, not {value!r}.")
        return value

    def boolean(self, suffix: str, default: bool) -> bool:
        return self.env.boolean(self.name(suffix), default=default)

    def verified_email(self) -> bool | list[str] | None:
        """``true``/``false``, or the domains whose addresses count as verified; unset: the provider says."""
        value = self.optional("VERIFIED_EMAIL").lower()
        if not value:
            return None
        if value in {"1", "true", "yes", "on"}:
            return True
        if value in {"0", "false", "no", "off"}:
            return False
        domains = [item.strip().lstrip("@") for item in value.split(",") if item.strip()]
        if not all(re.match(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\.[a-z]{2,}$", domain) for domain in domains):
            raise ImproperlyConfigured(
                f"{self.name('VERIFIED_EMAIL')} must be true, false or a list of mail domains, "
                f"e.g. stadt-dortmund.de, not {value!r}."
            )
        return domains

    def common(self, settings: dict[str, Any]) -> dict[str, Any]:
        verified = self.verified_email()
        if verified is not None:
            settings["verified_email"] = verified
        return {"provider_id": self.provider_id, "name": self.required("NAME", '"Stadt Dortmund (Keycloak)"')}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _oidc_app(variables: _Variables) -> tuple[dict[str, Any], list[str]]:
    server_url = variables.url("SERVER_URL", "https://login.example.org/realms/stadt").rstrip("/")
    scopes = variables.optional("SCOPES", " ".join(DEFAULT_OIDC_SCOPES)).replace(",", " ").split()
    if "openid" not in scopes:
        raise ImproperlyConfigured(f"{variables.name('SCOPES')} must include openid, e.g. openid profile email.")
    settings: dict[str, Any] = {
        "server_url": server_url,
        "scope": scopes,
        "oauth_pkce_enabled": variables.boolean("PKCE", default=False),
        GROUPS_KEY: variables.optional("GROUPS_CLAIM", "groups"),
    }
    app = variables.common(settings)
    app.update(
        client_id=variables.required("CLIENT_ID", "kosilab"),
        secret=variables.required("CLIENT_SECRET", "the client's secret from the identity provider"),
        settings=settings,
    )
    return app, [_origin(server_url)]


def _saml_app(variables: _Variables) -> tuple[dict[str, Any], list[str]]:
    metadata_url = variables.url(
        "IDP_METADATA_URL", "https://adfs.example.org/FederationMetadata/2007-06/FederationMetadata.xml", required=False
    )
    entity_id = variables.required("IDP_ENTITY_ID", "http://adfs.example.org/adfs/services/trust")
    sso_url = variables.url("IDP_SSO_URL", "https://adfs.example.org/adfs/ls/", required=not metadata_url)
    idp: dict[str, Any] = {"entity_id": entity_id}
    if metadata_url:
        idp["metadata_url"] = metadata_url
    else:
        certificate = "".join(
            line
            for line in variables.optional("IDP_X509CERT").splitlines()
            if line.strip() and "CERTIFICATE" not in line
        ).replace(" ", "")
        if not certificate:
            raise ImproperlyConfigured(
                f"{variables.name('IDP_X509CERT')} (the identity provider's signing certificate) or "
                f"{variables.name('IDP_METADATA_URL')} must be set for the provider {variables.provider_id!r}."
            )
        if not re.match(r"^[A-Za-z0-9+/=]+$", certificate):
            raise ImproperlyConfigured(
                f"{variables.name('IDP_X509CERT')} must be the certificate in base64 (PEM, with or without its "
                "BEGIN/END lines)."
            )
        idp.update(sso_url=sso_url, x509cert=certificate)
    mapping = {key: variables.optional(suffix, default) for key, (suffix, default) in SAML_ATTRIBUTES.items()}
    uid = variables.optional("ATTR_UID")
    if uid:
        mapping["uid"] = uid  # else the NameID identifies the person
    settings: dict[str, Any] = {
        "idp": idp,
        "attribute_mapping": mapping,
        "advanced": {
            "strict": True,
            "want_assertion_signed": variables.boolean("WANT_ASSERTION_SIGNED", default=True),
            "want_message_signed": variables.boolean("WANT_MESSAGE_SIGNED", default=False),
            "reject_deprecated_algorithm": True,
        },
        GROUPS_KEY: variables.optional("ATTR_GROUPS", "groups"),
    }
    app = variables.common(settings)
    app.update(client_id=variables.provider_id, settings=settings)
    origins = [_origin(url) for url in (metadata_url, sso_url) if url]
    return app, origins
