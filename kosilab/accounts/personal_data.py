"""What the accounts app stores about a person (see kosilab/core/personal_data.py)."""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "date_joined": iso(user.date_joined),
        "email_confirmed_at": iso(user.email_confirmed_at),
        "privacy_consent_at": iso(user.privacy_consent_at),
        "last_login": iso(user.last_login),
    }


declare(
    "accounts.User",
    fields=[
        "email",
        "name",
        "password",
        "language",
        "last_login",
        "date_joined",
        "email_confirmed_at",
        "privacy_consent_at",
        "groups",
        "user_permissions",
    ],
    erasure=Erasure.DELETED,
    what="The account: e-mail address, name, password hash, language, sign-up, confirmation and consent times.",
    export_key="account",
    export=_export_account,
    order=0,
)
