"""How django-allauth fits the platform (docs/accounts.md).

- Mails go through the platform's outbox (kosilab/core/mail.py): in the account's language, with
  the platform's layout, written in the same transaction as the action, and with links to the
  address the app is served on (``KOSILAB_SITE_URL``, else the request's).
- The client address for allauth's rate limits is the platform's (``KOSILAB_TRUSTED_PROXY_COUNT``).
- A new account is made with its name, language and consent, its profile (``ACCOUNT_CREATED``)
  and an audit entry, in one transaction.
- Confirming an address records the time on the account (``User.email_confirmed_at``: the current
  address is confirmed) and tells the apps above (``EMAIL_CONFIRMED``, e.g. process invitations).
- Single sign-on (sso.py): a new account passes the social sign-up form (name, address, consent);
  an address the identity provider verified counts as confirmed. With ``KOSILAB_SSO_STAFF_ONLY``,
  staff log in only by single sign-on, and a password reset asked for them gets a mail saying so.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kosilab.accounts import services, sso
from kosilab.accounts.extensions import ACCOUNT_CREATED, EMAIL_CONFIRMED
from kosilab.accounts.models import User
from kosilab.core import ratelimit
from kosilab.core.audit import log_action
from kosilab.core.mail import send_templated_mail, site_url

# allauth's mails (by its template prefix) and the platform's templates that write them.
MAIL_TEMPLATES = {
    "account/email/email_confirmation_signup": "accounts/mail/confirm",
    "account/email/email_confirmation": "accounts/mail/confirm_address",
    "account/email/account_already_exists": "accounts/mail/signup_existing",
    "account/email/password_reset_key": "accounts/mail/password_reset",
    # Asking for the password again (reauthentication) by a code instead: accounts without a
    # password (single sign-on) confirm it is them this way.
    "account/email/login_code": "accounts/mail/login_code",
}
# Security notices (ACCOUNT_EMAIL_NOTIFICATIONS): one template, the change named in a line.
NOTICES = {
    "account/email/password_changed": _("The password of your account was changed."),
    "account/email/password_set": _("A password was set for your account."),
    "account/email/password_reset": _("The password of your account was reset."),
    "account/email/email_changed": _("The e-mail address of your account was changed."),
    "account/email/email_confirm": _("An e-mail address of your account was confirmed."),
    "account/email/email_deleted": _("An e-mail address was removed from your account."),
    "mfa/email/totp_activated": _("An authenticator app was set up as a second factor for your account."),
    "mfa/email/totp_deactivated": _("The authenticator app was removed from your account's second factors."),
    "mfa/email/recovery_codes_generated": _("New recovery codes were made for your account."),
    "mfa/email/webauthn_added": _("A security key or passkey was added to your account."),
    "mfa/email/webauthn_removed": _("A security key or passkey was removed from your account."),
    "socialaccount/email/account_connected": _("An account of single sign-on was connected to your account."),
    "socialaccount/email/account_disconnected": _("An account of single sign-on was disconnected from your account."),
}
NOTICE_TEMPLATE = "accounts/mail/security_notice"
# Instead of a reset link, for accounts that log in only by single sign-on (KOSILAB_SSO_STAFF_ONLY).
SSO_RESET_TEMPLATE = "accounts/mail/password_reset_sso"


def on_site(url: str) -> str:
    """``url`` (absolute, built by allauth from the request) on the address the app is served on."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return site_url() + path


def _recipient(email: str, context: dict[str, Any]) -> User | None:
    user = context.get("user")
    return user if isinstance(user, User) else User.objects.filter(email__iexact=email).first()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth's German says "du"; the platform says "Sie", and names the window.
        "too_many_login_attempts": _(
            "Too many failed log-in attempts for this address. Please try again in a quarter of an hour."
        ),
    }

    def get_client_ip(self, request: HttpRequest) -> str:
        return ratelimit.client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The key of the failed log-ins of an address: the address alone. allauth adds the host the
        request came in on, so app servers reached by different names (a load balancer's, each
        server's own) would count apart, and every name allowed would give an attacker a fresh ten."""
        login = str(credentials.get("email", credentials.get("username", ""))).strip().lower()
        return f"login:{login}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = _recipient(email, context)
        language = user.language if user is not None and user.language else (get_language() or "de")[:2]
        ctx = {**context, "user": user}
        for key in ("activate_url", "password_reset_url", "signup_url"):
            if isinstance(ctx.get(key), str):
                ctx[key] = on_site(ctx[key])
        ctx["login_url"] = site_url() + reverse("account_login")
        template = MAIL_TEMPLATES.get(template_prefix)
        if template_prefix == "account/email/password_reset_key" and user is not None and sso.must_use_sso(user):
            # The same page for everyone (no enumeration); the mail tells the owner how to log in.
            template = SSO_RESET_TEMPLATE
        if template is None:
            notice = NOTICES.get(template_prefix)
            if notice is None:
                raise ValueError(f"No mail template for {template_prefix!r}: add it to kosilab/accounts/adapter.py.")
            template = NOTICE_TEMPLATE
            ctx["notice"] = notice
        send_templated_mail(to=email, language=language, template=template, context=ctx)

    def pre_login(
        self,
        request: HttpRequest,
        user: AbstractBaseUser,
        *,
        signal_kwargs: dict[str, Any] | None,
        **kwargs: Any,
    ) -> HttpResponse | None:
        """With ``KOSILAB_SSO_STAFF_ONLY``, staff log in only by single sign-on: every other way in
        (a passkey; the password is refused by the log-in form already) ends on the log-in page.
        Only after the person proved who they are, so nobody else learns that an address is staff."""
        response: HttpResponse | None = super().pre_login(request, user, signal_kwargs=signal_kwargs, **kwargs)
        if response is not None:
            return response
        by_sso = bool(signal_kwargs and signal_kwargs.get("sociallogin"))
        if not by_sso and not kwargs.get("signup") and isinstance(user, User) and sso.must_use_sso(user):
            clear_login(request)
            messages.error(request, sso.SSO_ONLY_MESSAGE)
            return HttpResponseRedirect(reverse("account_login"))
        return None

    def save_user(self, request: HttpRequest, user: AbstractBaseUser, form: Form, commit: bool = True) -> Any:
        """The new account with its name, language and consent; with ``commit``, also its profile
        and audit entry, in one transaction."""
        assert isinstance(user, User)
        data = form.cleaned_data
        password_hash = getattr(form, "password_hash", None)
        if password_hash:  # hashed by the sign-up form before its transaction began
            user.email = str(data["email"]).strip().lower()
            user.password = password_hash
        else:
            super().save_user(request, user, form, commit=False)
        user.name = str(data.get("name") or user.name or "").strip()
        user.language = (get_language() or "de")[:2]
        if data.get("privacy"):
            user.privacy_consent_at = timezone.now()
        if commit:
            with transaction.atomic():
                user.save()
                ACCOUNT_CREATED(user)  # e.g. the person's empty profile (actors)
                log_action("accounts.user.signed_up", actor=None, target=user)
        return user


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions: Any) -> None:
        """Ending the other sessions ("log out everywhere else") ends them all, also those allauth
        does not list (made before accounts moved to allauth, or by another way of logging in):
        the account's session generation rises, and only the current session is carried over."""
        super().end_sessions(sessions)
        request = allauth_context.request
        user = getattr(request, "user", None)
        if isinstance(user, User):
            services.sessions_end_others(request=request, user=user)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on (kosilab/accounts/sso.py)."""

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> Any:
        """The account-to-be with the name the provider sent (``name``, else given and family name)."""
        user = super().populate_user(request, sociallogin, data)
        name = str(data.get("name") or "").strip()
        if not name:
            name = " ".join(str(data.get(key) or "").strip() for key in ("first_name", "last_name")).strip()
        user.name = name[:150]
        return user

    def get_signup_form_initial_data(self, sociallogin: Any) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_signup_form_initial_data(sociallogin)
        initial["name"] = getattr(sociallogin.user, "name", "")
        return initial

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Form | None = None) -> Any:
        """The new account from the social sign-up form (name, language, consent: the account
        adapter's ``save_user``), its connection to the provider and its address, in one
        transaction. An address the provider verified is confirmed at once (``email_confirmed_at``,
        ``EMAIL_CONFIRMED``); any other gets allauth's confirmation mail."""
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form)
            assert isinstance(user, User)
            if EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
                user.email_confirmed_at = timezone.now()
                user.save(update_fields=["email_confirmed_at"])
                log_action(
                    "accounts.user.confirmed_email",
                    actor=user,
                    target=user,
                    data={"by": "single sign-on", "provider": sociallogin.account.provider},
                )
                EMAIL_CONFIRMED(user, user.email)
        return user
