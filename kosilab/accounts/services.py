"""Writes for accounts the platform makes itself; sign-up, log-in, confirmation, password and
e-mail changes are django-allauth's (adapter.py, signals.py). Each records an audit entry."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from kosilab.accounts.extensions import ACCOUNT_DELETING
from kosilab.accounts.models import User
from kosilab.core.audit import log_action
from kosilab.core.personal_data import erase_person, export_person


def user_update(*, user: User, name: str, language: str) -> User:
    """Change the account's name and language (the person changes their own)."""
    user.name = name.strip()
    user.language = language
    user.full_clean()
    with transaction.atomic():
        user.save(update_fields=["name", "language"])
        log_action("accounts.user.updated", actor=user, target=user)
    return user


def sessions_end_others(*, request: HttpRequest, user: User) -> None:
    """Log the account out of every session but the current one, on every app server: the session
    generation rises (``User.get_session_auth_hash``), and the current session takes the new hash."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        user.refresh_from_db(fields=["session_generation"])
        log_action("accounts.sessions.ended", actor=user, target=user)
    update_session_auth_hash(request, user)


def user_export(*, user: User) -> dict[str, Any]:
    """Everything the platform stores about a person, for their own download (DSGVO Art. 15, 20):
    one key per declaration of every app's ``personal_data.py`` (kosilab/core/personal_data.py)."""
    return export_person(user)


def user_delete(*, user: User) -> None:
    """Delete an account and its personal data, as every app declares in its ``personal_data.py``
    (docs/personal-data.md): contributions (ideas, comments, process logs, phase changes) stay,
    shown as from a deleted account; memberships, participations, supports and follows go; upcoming
    event registrations are cancelled (the seats go to the waiting list) and all registrations lose
    name, e-mail and answers; the audit log, the admin log and the task queue lose the person's
    name and e-mail address. Afterwards no table holds either. Who asks has confirmed it is them
    (the view: allauth's reauthentication)."""
    with transaction.atomic():
        ACCOUNT_DELETING(user)  # e.g. refused for the only manager of a lab (labs)
        user_id = user.pk
        erase_person(user)
        user.delete()
        log_action("accounts.user.deleted", actor=None, data={"user_id": user_id})
