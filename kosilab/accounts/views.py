from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kosilab.accounts import services
from kosilab.accounts.forms import (
    DeleteAccountForm,
    EmailAuthenticationForm,
    PasswordResetForm,
    ResendConfirmationForm,
    SignUpForm,
)
from kosilab.accounts.models import User
from kosilab.core import ratelimit
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_http_methods(["GET", "POST"])
@ratelimit.throttle("signup-address", "signup-email")
def _suggested_email(request: HttpRequest) -> str:
    """The address a link to the sign-up suggests (``?email=``, e.g. from a process invitation), if
    it is one; the person can still change it."""
    email = request.GET.get("email", "").strip()
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email if len(email) <= 254 else ""


def signup(request: HttpRequest) -> HttpResponse:
    """The same answer whether the address is new or has an account (that address gets a mail)."""
    if request.user.is_authenticated:
        return redirect("site:home")
    form = SignUpForm(request.POST or None, initial={"email": _suggested_email(request)})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_sign_up(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
                language=(get_language() or "de")[:2],
                site_url=_site_url(request),
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            email = form.cleaned_data["email"].strip().lower()
            return render(request, "accounts/signup_done.html", {"email": email})
    return render(request, "accounts/signup.html", {"form": form})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    ratelimit.check(request, "token-link-miss")
    try:
        services.user_confirm_email(token=token)
    except DomainError as error:
        ratelimit.hit(request, "token-link-miss")
        return render(request, "accounts/confirm_failed.html", {"message": error.message}, status=400)
    messages.success(request, _("Thank you, your e-mail address is confirmed. You can log in now."))
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
@ratelimit.throttle("confirmation-resend-address", "confirmation-resend-email")
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    """A new confirmation link for an account that is not confirmed yet; the same answer for any address."""
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        services.user_confirmation_resend(email=email, site_url=_site_url(request))
        return render(request, "accounts/resend_confirmation_done.html", {"email": email})
    return render(request, "accounts/resend_confirmation.html", {"form": form})


# A browser that has logged in to an account carries a signed cookie naming it (by a digest of the
# address, plus a random id of the browser); docs/security.md explains why.
KNOWN_BROWSER_COOKIE = "kosilab_known_browser"
_KNOWN_BROWSER_SALT = "kosilab.accounts.known-browser"


def _address_digest(email: str) -> str:
    return salted_hmac(_KNOWN_BROWSER_SALT, email.strip().lower(), algorithm="sha256").hexdigest()[:24]


class LoginView(auth_views.LoginView):
    """Log-in by e-mail, throttled on failures: per client address, and per account unless the
    browser has logged in to that account before (then per browser). See docs/security.md."""

    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def _limits(self) -> list[tuple[str, str | None]]:
        request = self.request
        email = str(request.POST.get("username", ""))
        known = request.get_signed_cookie(KNOWN_BROWSER_COOKIE, default="", salt=_KNOWN_BROWSER_SALT) or ""
        if email and known.partition(":")[0] == _address_digest(email):
            return [("login-address", None), ("login-browser", known)]
        return [("login-address", None), ("login-account", None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Django's view names the site after the host ("127.0.0.1:8000 – Log in"); the page title
        # takes the platform's name from the site context processor instead.
        context.pop("site_name", None)
        context.pop("site", None)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        for name, value in self._limits():
            ratelimit.check(request, name, value=value)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        for name, value in self._limits():
            ratelimit.hit(self.request, name, value=value)
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        response.set_signed_cookie(
            KNOWN_BROWSER_COOKIE,
            f"{_address_digest(form.get_user().email)}:{get_random_string(16)}",
            salt=_KNOWN_BROWSER_SALT,
            max_age=365 * 24 * 3600,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
        return response


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The person's own data as a JSON download; only ever their own, never cached."""
    user = request.user
    assert isinstance(user, User)
    data = services.user_export(user=user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="kosilab-my-data.json"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(user=user, password=form.cleaned_data["password"])
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("site:home")
    return render(request, "accounts/delete.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("actors:my_profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log_action("accounts.password.changed", actor=self.request.user, target=form.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


@method_decorator(ratelimit.throttle("password-reset-address", "password-reset-email"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Always the same answer ("sent, if the address has an account"); the mail is queued."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/mail/password_reset_body.txt"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def dispatch(self, *args: Any, **kwargs: Any) -> HttpResponseBase:
        ratelimit.check(self.request, "token-link-miss")
        response = super().dispatch(*args, **kwargs)
        if not getattr(self, "validlink", False):
            ratelimit.hit(self.request, "token-link-miss")
        return response

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log_action("accounts.password.reset", actor=None, target=form.user)
        return response
