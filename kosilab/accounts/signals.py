"""Receivers of django-allauth's signals: what the platform records when an account changes."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, password_changed, password_reset, password_set, user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from kosilab.accounts import sso
from kosilab.accounts.extensions import EMAIL_CONFIRMED
from kosilab.accounts.models import User
from kosilab.core.audit import log_action


@receiver(email_confirmed)
def _address_confirmed(sender: Any, request: Any, email_address: EmailAddress, **kwargs: Any) -> None:
    """The account's own address is confirmed: record when, and tell the apps above (e.g. process
    invitations to that address become memberships)."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=email_address.user_id).first()
        if user is None:
            return
        if user.email.lower() == email_address.email.lower():
            user.email_confirmed_at = timezone.now()
            user.save(update_fields=["email_confirmed_at"])
        log_action("accounts.user.confirmed_email", actor=user, target=user)
        EMAIL_CONFIRMED(user, email_address.email)


@receiver(password_changed)
def _password_changed(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    log_action("accounts.password.changed", actor=user, target=user)


@receiver(password_set)
def _password_set(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    log_action("accounts.password.set", actor=user, target=user)


@receiver(password_reset)
def _password_reset(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    log_action("accounts.password.reset", actor=None, target=user)


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: User, sociallogin: Any = None, **kwargs: Any) -> None:
    """A log-in by single sign-on (new or existing account, also after a second factor): the
    provider's groups are applied (sso.py)."""
    if sociallogin is not None:
        sso.logged_in(user, sociallogin)
