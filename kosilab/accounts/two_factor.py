"""A second factor where the platform requires one (docs/accounts.md, "Two factors").

Platform admins must log in with a second factor — an authenticator app (TOTP), a security key or
a passkey (WebAuthn) — and so must the team of a lab that asks for it (``SECOND_FACTOR_REQUIRED``,
filled by the labs app). Recovery codes alone do not count: they are the way back in, not a factor
of their own.

django-allauth asks for the second factor at log-in once a person has one. What it does not do is
send someone who must have one and has none to set it up: :class:`SecondFactorRequiredMiddleware`
does, on every page except the account pages (where the factor is set up, and log-out), the
legal pages and static files — the admin site included.

Whether a session's person is missing a required factor is decided at log-in and then again every
:data:`RECHECK` (a role given or a lab's option switched on reaches running sessions within
minutes), and kept in the session in between, so a page view costs no query for it. While a
factor is missing, every request decides again, so one set up counts at once; removing one
decides again at once too.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kosilab.accounts.extensions import SECOND_FACTOR_REQUIRED
from kosilab.accounts.models import User
from kosilab.core.audit import log_action
from kosilab.core.roles import is_platform_admin

SESSION_KEY = "kosilab_second_factor"
RECHECK = timedelta(minutes=5)
# The factors that count; recovery codes only stand in for a lost one.
FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def second_factor_required(user: User) -> bool:
    return is_platform_admin(user) or any(SECOND_FACTOR_REQUIRED(user))


def has_second_factor(user: User, *, without: Authenticator | None = None) -> bool:
    factors = Authenticator.objects.filter(user=user, type__in=FACTORS)
    if without is not None:
        factors = factors.exclude(pk=without.pk)
    return bool(factors.exists())


def second_factor_missing(user: User) -> bool:
    return second_factor_required(user) and not has_second_factor(user)


def decide(request: HttpRequest, user: User) -> bool:
    """Decide whether the session's person misses a required factor, and keep it in the session."""
    missing = second_factor_missing(user)
    request.session[SESSION_KEY] = {"missing": missing, "at": timezone.now().timestamp()}
    return missing


def _missing(request: HttpRequest) -> bool:
    state = request.session.get(SESSION_KEY)
    if isinstance(state, dict) and not state.get("missing", True):
        age = timezone.now().timestamp() - float(state.get("at", 0))
        if 0 <= age < RECHECK.total_seconds():
            return False  # the usual case: no query, not even for the account
    user = request.user
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    # Decided again: when old, and while a factor is missing (so one set up counts at once).
    return decide(request, user)


def _exempt(path: str) -> bool:
    """Pages open to someone who still has to set a factor up: their account (the set-up itself,
    log-out, data download), the language switch, the legal pages and static files."""
    open_paths = (
        "/accounts/",
        "/i18n/",
        settings.STATIC_URL or "/static/",
        settings.MEDIA_URL or "/media/",
        reverse("core:privacy"),
        reverse("core:accessibility"),
    )
    return path.startswith(open_paths)


class SecondFactorRequiredMiddleware:
    """Sends a person who must log in with a second factor and has none to set one up."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _exempt(request.path_info) and _missing(request):
            return self._to_set_up(request)
        response: HttpResponse = self.get_response(request)
        return response

    def _to_set_up(self, request: HttpRequest) -> HttpResponse:
        url = reverse("mfa_index")
        htmx = getattr(request, "htmx", None)
        if htmx:
            # A fragment: the whole page goes to the set-up, unless it is on an open page already
            # (the notification badge of the set-up page itself), where nothing is swapped.
            response = HttpResponse(status=204)
            if not _exempt(urlsplit(htmx.current_url or "").path):
                response["HX-Redirect"] = url
            return response
        messages.warning(
            request,
            _(
                "Your role on this platform requires a second factor at log-in. Please set up an "
                "authenticator app, a security key or a passkey to continue."
            ),
        )
        return HttpResponseRedirect(url)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """The last factor of someone who must have one stays (they may add another first)."""
        user = authenticator.user
        assert isinstance(user, User)
        return not second_factor_required(user) or has_second_factor(user, without=authenticator)


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    decide(request, user)


@receiver(authenticator_added)
def _factor_added(sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any) -> None:
    log_action("accounts.second_factor.added", actor=user, target=user, data={"type": authenticator.type})
    decide(request, user)


@receiver(authenticator_removed)
def _factor_removed(sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any) -> None:
    log_action("accounts.second_factor.removed", actor=user, target=user, data={"type": authenticator.type})
    decide(request, user)
