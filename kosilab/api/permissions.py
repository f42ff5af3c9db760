"""Who may call the API: anybody may read; a token must carry the read scope. Nothing is written here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from kosilab.api.models import ApiToken, TokenScope


class ReadOnly(BasePermission):
    message = _("This API only reads.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method not in SAFE_METHODS:
            return False
        token = request.auth
        return not isinstance(token, ApiToken) or token.scope == TokenScope.READ
