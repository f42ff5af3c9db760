"""What the accounts app stores about a person (see kosilab/core/personal_data.py)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession

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
        "session_generation",
        "groups",
        "user_permissions",
    ],
    erasure=Erasure.DELETED,
    what="The account: e-mail address, name, password hash, language, sign-up, confirmation and consent times.",
    export_key="account",
    export=_export_account,
    order=0,
)


# django-allauth's records of the account: deleted with it (their foreign keys cascade).
declare(
    "account.EmailAddress",
    fields=["user", "email"],
    erasure=Erasure.DELETED,
    what="The account's e-mail address (and a new one waiting for its confirmation), and whether it is confirmed.",
    export_key="email_addresses",
    export=lambda user: [
        {"email": a.email, "confirmed": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("id")
    ],
    order=1,
)
declare(
    "mfa.Authenticator",
    fields=["user"],
    erasure=Erasure.DELETED,
    what="Second factors: authenticator app, security keys and passkeys (their names), recovery codes.",
    export_key="second_factors",
    # The kind, name and dates; never a secret.
    export=lambda user: [
        {
            "kind": a.type,
            "name": (a.data or {}).get("name", "") if a.type == "webauthn" else "",
            "created_at": iso(a.created_at),
            "last_used_at": iso(a.last_used_at),
        }
        for a in Authenticator.objects.filter(user=user).order_by("id")
    ],
    order=2,
)
declare(
    "socialaccount.SocialAccount",
    fields=["user"],
    erasure=Erasure.DELETED,
    what="Accounts of single sign-on connected to this one: the provider, the person's id there and what it sent.",
    export_key="single_sign_on",
    export=lambda user: [
        {"provider": a.provider, "id": a.uid, "last_login": iso(a.last_login), "data": a.extra_data}
        for a in SocialAccount.objects.filter(user=user).order_by("id")
    ],
    order=3,
)
declare(
    "usersessions.UserSession",
    fields=["user"],
    erasure=Erasure.DELETED,
    what="Sessions logged in: when, from which address and with which browser.",
    export_key="sessions",
    export=lambda user: [
        {"created_at": iso(s.created_at), "ip": s.ip, "browser": s.user_agent}
        for s in UserSession.objects.filter(user=user).order_by("id")
    ],
    order=4,
)
