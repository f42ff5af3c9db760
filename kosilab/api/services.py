"""Every write of the api app: making, revoking and using personal access tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kosilab.accounts.types import User, Viewer
from kosilab.api.models import ApiToken, TokenScope
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.validators import validate_plausible_date
from kosilab.labs.models import Lab
from kosilab.labs.policies import lab_policy

# What every secret starts with, so that a leaked one can be recognised (e.g. by secret scanners).
SECRET_PREFIX = "kosi_"  # noqa: S105 (a marker, not a secret)
# How often last_used_at is written at most: one UPDATE a minute per token, not one per request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
MAX_TOKENS = 50


def token_hash(*, secret: str) -> str:
    """The stored form of a secret (SHA-256, hex)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def token_create(
    *,
    owner: User,
    name: str,
    scope: str = TokenScope.READ,
    lab: Lab | None = None,
    expires_at: datetime.datetime | None = None,
    by: Viewer | None,
) -> tuple[ApiToken, str]:
    """Make a token for ``owner`` and return it with its secret, which is not stored and cannot be
    shown again. A token never reads more than its owner: ``lab`` must be a lab the owner sees."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name."), field="name")
    if scope not in TokenScope.values:
        raise DomainError(_("Choose a scope."), field="scope")
    if lab is not None and not lab_policy.may_see(owner, lab):
        raise DomainError(_("Choose a lab you can see."), field="lab")
    if expires_at is not None:
        if expires_at <= timezone.now():
            raise DomainError(_("The expiry must lie in the future."), field="expires_at")
        validate_plausible_date(expires_at)
    if ApiToken.objects.filter(owner=owner, revoked_at__isnull=True).count() >= MAX_TOKENS:
        raise DomainError(_("You have too many tokens. Revoke one you no longer need first."))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        owner=owner,
        name=name,
        prefix=secret[: len(SECRET_PREFIX) + 6],
        secret_hash=token_hash(secret=secret),
        scope=scope,
        lab=lab,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    log_action(
        "api.token.created",
        actor=by,
        target=token,
        lab=lab,
        data={"name": token.name, "scope": scope, "expires_at": expires_at.isoformat() if expires_at else None},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, by: Viewer | None) -> ApiToken:
    """Revoke the token at once; the next request with it answers 401. Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    log_action("api.token.revoked", actor=by, target=token, lab=token.lab_id, data={"name": token.name})
    return token


def token_mark_used(*, token: ApiToken) -> None:
    """Record that the token was used: at most one UPDATE a minute (not audited: it is no decision)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
