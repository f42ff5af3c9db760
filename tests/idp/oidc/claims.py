"""The claims the OpenID Connect test provider releases, in the ID token and from userinfo alike.

- scope ``email``: ``email``, ``email_verified`` (always true);
- scope ``profile``: ``name``, ``preferred_username`` (the email address), and ``given_name`` /
  ``family_name`` when the name has at least two words (the last word is the family name);
- scope ``groups`` or ``profile``: ``groups``, the user's group names, sorted (possibly empty).

``profile`` carries the groups too so that a relying party on the default scopes (allauth asks for
``openid profile email``) gets them without configuring another scope.
"""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


def split_name(name: str) -> tuple[str, str]:
    """("Erika Mustermann") -> ("Erika", "Mustermann"); a one-word name has no family name."""
    given, _, family = name.strip().rpartition(" ")
    if not given:
        return family, ""
    return given.strip(), family


def _group_names(user: Any) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def _given_name(request: Any) -> str | None:
    return request.user.first_name if request.user.last_name else None


def _family_name(request: Any) -> str | None:
    return request.user.last_name or None


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "groups": "groups"}

    # Without a request parameter django-oauth-toolkit lists these claims in the discovery document.
    def get_additional_claims(self) -> dict[str, Any]:
        return {
            "email": lambda request: request.user.email,
            "email_verified": lambda request: True,
            "name": lambda request: request.user.get_full_name(),
            "preferred_username": lambda request: request.user.email,
            "given_name": _given_name,
            "family_name": _family_name,
            "groups": lambda request: _group_names(request.user),
        }

    def get_oidc_claims(self, token: Any, token_handler: Any, request: Any) -> dict[str, Any]:
        claims = super().get_oidc_claims(token, token_handler, request)
        if "groups" not in claims and "profile" in request.scopes:
            claims["groups"] = _group_names(request.user)
        # A one-word name has no given or family name: leave the claims out instead of null.
        return {key: value for key, value in claims.items() if value is not None}
