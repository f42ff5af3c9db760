from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kosilab.accounts.models import User
from kosilab.core.forms import ServiceModelForm
from kosilab.core.mail import send_templated_mail


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    privacy = forms.BooleanField(
        label=_("I agree that the lab stores my account data to run this platform."), required=True
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter your name."))
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            candidate = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EmailAuthenticationForm(AuthenticationForm):
    """Log-in by e-mail; explains an unconfirmed account instead of claiming a wrong password."""

    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True}))

    def clean(self) -> dict[str, Any]:
        email = (self.cleaned_data.get("username") or "").lower()
        password = self.cleaned_data.get("password")
        if email and password:
            self.user_cache = authenticate(self.request, username=email, password=password)
            if self.user_cache is None:
                pending = User.objects.filter(email=email, is_active=False, email_confirmed_at__isnull=True).first()
                if pending is not None and pending.check_password(password):
                    raise forms.ValidationError(
                        _("Please confirm your e-mail address first: follow the link in the mail we sent you."),
                        code="unconfirmed",
                    )
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class AccountForm(ServiceModelForm[User]):
    class Meta:
        model = User
        fields = ["name", "language"]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, but the mail is queued like every other mail (after commit, retried, in the
    account's language), so asking for a known and an unknown address take about the same time."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        send_templated_mail(
            to=to_email, language=user.language or "de", template="accounts/mail/password_reset", context=context
        )
