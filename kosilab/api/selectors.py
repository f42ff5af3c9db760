"""Reads of the api app: a person's tokens, and the token a request presents."""

from __future__ import annotations

from django.db.models import QuerySet

from kosilab.accounts.types import User
from kosilab.api.models import ApiToken
from kosilab.api.services import token_hash


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(owner=user).select_related("lab").order_by("-created_at", "-pk")


def token_by_secret(secret: str) -> ApiToken | None:
    """The token whose secret this is (active or not), with its owner; None if there is none."""
    return ApiToken.objects.select_related("owner").filter(secret_hash=token_hash(secret=secret)).first()
