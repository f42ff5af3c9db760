from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kosilab.accounts import services
from kosilab.accounts.forms import AccountForm, DeleteAccountForm, EmailAuthenticationForm, SignUpForm
from kosilab.accounts.models import User
from kosilab.actors.forms import ProfileForm
from kosilab.actors.models import Profile
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.user_sign_up(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
                language=(get_language() or "de")[:2],
                site_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return render(request, "accounts/signup_done.html", {"email": new_user.email})
    return render(request, "accounts/signup.html", {"form": form})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.user_confirm_email(token=token)
    except DomainError as error:
        return render(request, "accounts/confirm_failed.html", {"message": error.message}, status=400)
    messages.success(request, _("Thank you, your e-mail address is confirmed. You can log in now."))
    return redirect("accounts:login")


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    # Reading the page writes nothing: a missing profile is made when the form is saved.
    person = Profile.objects.select_related("organisation").filter(user=user).first() or Profile(user=user)
    account_form = AccountForm(request.POST or None, instance=user, prefix="account")
    profile_form = ProfileForm(request.POST or None, instance=person, prefix="profile")
    if request.method == "POST" and account_form.is_valid() and profile_form.is_valid():
        try:
            services.account_update(
                user=user,
                profile=person,
                name=account_form.cleaned_data["name"],
                language=account_form.cleaned_data["language"],
                **profile_form.cleaned_data,
            )
        except DomainError as error:
            profile_form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"account_form": account_form, "profile_form": profile_form})


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
            return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log_action("accounts.password.changed", actor=self.request.user, target=form.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log_action("accounts.password.reset", actor=None, target=form.user)
        return response
