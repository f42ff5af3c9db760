"""``Authorization: Bearer <token>``: a personal access token reads as its owner.

An unknown, revoked or expired token, or one whose owner's account is inactive, answers 401 with a
message that says which; the answer never says whose token it was. Unknown tokens count against the
site's limit on token guessing ("token-link-miss"): over it, every bearer request from that address
answers 429 until the window ends.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from kosilab.api.models import ApiToken
from kosilab.api.selectors import token_by_secret
from kosilab.api.services import token_mark_used
from kosilab.core import ratelimit

KEYWORD = "Bearer"
MAX_SECRET = 200


class BearerTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        try:
            ratelimit.check(request._request, "token-link-miss")
        except ratelimit.Throttled as throttled:
            raise exceptions.Throttled(wait=throttled.retry_after) from None
        if len(header) != 2 or len(header[1]) > MAX_SECRET:
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Bearer <token>."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = token_by_secret(secret)
        if token is None:
            # Guessing counts like guessing any token link of the site (core/ratelimit.py).
            ratelimit.hit(request._request, "token-link-miss")
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if not token.is_active:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.owner.is_active:
            raise exceptions.AuthenticationFailed(_("The account this token belongs to is not active."))
        token_mark_used(token=token)
        return token.owner, token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]  # drf-spectacular is untyped
    """The token in the OpenAPI schema: HTTP bearer authentication."""

    target_class = "kosilab.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token, made under /api/tokens/; it reads what its owner may read.",
        }
