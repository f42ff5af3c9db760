"""Writes for accounts: sign-up, e-mail confirmation (and its resending). Each records an audit entry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from kosilab.accounts.extensions import ACCOUNT_CREATED, ACCOUNT_DELETING, EMAIL_CONFIRMED
from kosilab.accounts.models import User
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.mail import send_templated_mail
from kosilab.core.personal_data import erase_person, export_person

_CONFIRM_SALT = "kosilab.accounts.confirm-email"


def _email_digest(user: User) -> str:
    """Binds a link to the address it was sent to, without showing the address."""
    return salted_hmac(_CONFIRM_SALT, user.email, algorithm="sha256").hexdigest()[:24]


def user_confirmation_token(*, user: User) -> str:
    """``<account id>:<digest of the address>``, timestamped and signed. The link shows no e-mail
    address; it stops working when the address changes or after ``ACCOUNT_CONFIRMATION_MAX_AGE``."""
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign(f"{user.pk}:{_email_digest(user)}")


def _confirmation_mail_send(*, user: User, site_url: str) -> None:
    link = site_url + reverse("accounts:confirm", args=[user_confirmation_token(user=user)])
    send_templated_mail(
        to=user.email, language=user.language, template="accounts/mail/confirm", context={"user": user, "link": link}
    )


def _existing_account_mail_send(*, user: User, site_url: str) -> None:
    """Someone signed up with the address of an account: an unconfirmed account gets its
    confirmation link again, a confirmed one a note (log in, or reset the password)."""
    if user.email_confirmed_at is None:
        _confirmation_mail_send(user=user, site_url=site_url)
        return
    context = {
        "user": user,
        "login_link": site_url + reverse("accounts:login"),
        "reset_link": site_url + reverse("accounts:password_reset"),
    }
    send_templated_mail(
        to=user.email, language=user.language, template="accounts/mail/signup_existing", context=context
    )


def user_sign_up(*, email: str, name: str, password: str, language: str, site_url: str) -> User:
    """Create an inactive account with an empty profile and send the confirmation mail.

    The answer does not tell whether the address has an account already: then nothing is created,
    the account is returned, and its address gets a mail instead (:func:`_existing_account_mail_send`).
    The password is hashed in that branch too, so the time taken does not tell either."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the same work as creating the account
        with transaction.atomic():  # the mail and its audit entry together, or neither
            _existing_account_mail_send(user=existing, site_url=site_url)
            log_action("accounts.user.sign_up_repeated", actor=None, target=existing)
        return existing
    # Hashing takes a fifth of a second on purpose: never while holding the write lock (on SQLite
    # every other writer waits for it). The transaction writes the account, its profile, the audit
    # entry and the confirmation mail (outbox) together, and nothing slow.
    password_hash = make_password(password)
    try:
        with transaction.atomic():
            user = User(
                email=email,
                password=password_hash,
                name=name.strip(),
                language=language,
                is_active=False,
                privacy_consent_at=timezone.now(),  # the sign-up form requires the consent
            )
            user.save()
            ACCOUNT_CREATED(user)  # e.g. the person's empty profile (actors)
            log_action("accounts.user.signed_up", actor=None, target=user)
            _confirmation_mail_send(user=user, site_url=site_url)
    except IntegrityError:
        # The same address signed up at the same moment: answer as for an existing account.
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            raise
        with transaction.atomic():
            _existing_account_mail_send(user=existing, site_url=site_url)
            log_action("accounts.user.sign_up_repeated", actor=None, target=existing)
        return existing
    return user


def user_confirmation_resend(*, email: str, site_url: str) -> None:
    """Send the confirmation link again if ``email`` belongs to an account that is not confirmed
    yet; otherwise do nothing. The caller answers the same either way."""
    user = User.objects.filter(email__iexact=email.strip(), email_confirmed_at__isnull=True).first()
    if user is None:
        return
    with transaction.atomic():
        _confirmation_mail_send(user=user, site_url=site_url)
        log_action("accounts.user.confirmation_resent", actor=None, target=user)


def user_confirm_email(*, token: str) -> User:
    """Activate the account the token was made for. Idempotent for an already confirmed account."""
    invalid = _("This confirmation link is not valid. Please ask for a new one.")
    try:
        value = signing.TimestampSigner(salt=_CONFIRM_SALT).unsign(token, max_age=settings.ACCOUNT_CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired:
        raise DomainError(_("This confirmation link has expired. Please ask for a new one.")) from None
    except signing.BadSignature:
        raise DomainError(invalid) from None
    user_id, _sep, digest = value.partition(":")
    if not user_id.isdigit():  # e.g. a link of the earlier format, which carried the address
        raise DomainError(invalid)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=int(user_id)).first()
        if user is None or not constant_time_compare(digest, _email_digest(user)):
            raise DomainError(invalid)
        if user.email_confirmed_at is None:
            user.email_confirmed_at = timezone.now()
            user.is_active = True
            user.save(update_fields=["email_confirmed_at", "is_active"])
            log_action("accounts.user.confirmed_email", actor=user, target=user)
            EMAIL_CONFIRMED(user, user.email)  # e.g. process invitations to this address (processes)
    return user


def user_update(*, user: User, name: str, language: str) -> User:
    """Change the account's name and language (the person changes their own)."""
    user.name = name.strip()
    user.language = language
    user.full_clean()
    with transaction.atomic():
        user.save(update_fields=["name", "language"])
        log_action("accounts.user.updated", actor=user, target=user)
    return user


def user_export(*, user: User) -> dict[str, Any]:
    """Everything the platform stores about a person, for their own download (DSGVO Art. 15, 20):
    one key per declaration of every app's ``personal_data.py`` (kosilab/core/personal_data.py)."""
    return export_person(user)


def user_delete(*, user: User, password: str) -> None:
    """Delete an account and its personal data, as every app declares in its ``personal_data.py``
    (docs/personal-data.md): contributions (ideas, comments, process logs, phase changes) stay,
    shown as from a deleted account; memberships, participations, supports and follows go; upcoming
    event registrations are cancelled (the seats go to the waiting list) and all registrations lose
    name, e-mail and answers; the audit log, the admin log and the task queue lose the person's
    name and e-mail address. Afterwards no table holds either."""
    if not user.check_password(password):
        raise DomainError(_("The password is not correct."), field="password")
    with transaction.atomic():
        ACCOUNT_DELETING(user)  # e.g. refused for the only manager of a lab (labs)
        user_id = user.pk
        erase_person(user)
        user.delete()
        log_action("accounts.user.deleted", actor=None, data={"user_id": user_id})
