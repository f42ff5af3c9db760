from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.internal import flows as allauth_flows
from allauth.socialaccount import forms as social_forms
from django import forms
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from kosilab.accounts import sso
from kosilab.accounts.models import User
from kosilab.core.forms import ServiceModelForm

PRIVACY_LABEL = _("I agree that the lab stores my account data to run this platform.")


SaveAnswer = tuple[Any, HttpResponse | None]


def save_once(request: HttpRequest, email: Any, save: Callable[[], SaveAnswer]) -> SaveAnswer:
    """``save()`` (a sign-up form's ``try_save``) in a transaction. The same address signed up at
    the same moment (the database refuses the second account): answered as for an existing account."""
    try:
        with transaction.atomic():
            return save()
    except IntegrityError:
        if not User.objects.filter(email__iexact=email).exists():
            raise
        return None, allauth_flows.signup.prevent_enumeration(request, email=email)


def clean_person_name(value: str) -> str:
    name = value.strip()
    if not name:
        raise forms.ValidationError(_("Please enter your name."))
    return name


class SignUpForm(allauth_forms.SignupForm):
    """allauth's sign-up with the person's name and their consent to the storage of account data.

    The same answer whether the address is new or has an account (that address gets a mail
    instead, see ``adapter.py``); the password is hashed either way, so the time taken does not
    tell either. Two sign-ups with one address at the same moment: the second is answered as for an
    existing account."""

    name = forms.CharField(label=_("Name"), max_length=150)
    privacy = forms.BooleanField(label=PRIVACY_LABEL, required=True)
    field_order = ["name", "email", "password1", "password2", "privacy"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].widget.attrs.pop("placeholder", None)
        if "password1" in self.fields:
            self.fields["password1"].help_text = _("At least 10 characters; not only digits, not a common password.")
            self.fields["password1"].widget.attrs.pop("placeholder", None)
        if "password2" in self.fields:
            self.fields["password2"].label = _("Password again")
            self.fields["password2"].widget.attrs.pop("placeholder", None)

    def clean_name(self) -> str:
        return clean_person_name(self.cleaned_data["name"])

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        p1, p2 = self.data.get("password1"), self.data.get("password2")
        if p1 and p2 and p1 != p2:
            self.errors["password2"] = self.error_class([_("The two passwords differ.")])
        return cleaned

    def try_save(self, request: HttpRequest) -> tuple[Any, HttpResponse | None]:
        email = self.cleaned_data.get("email")
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # the same work as creating the account
            answer: tuple[Any, HttpResponse | None] = super().try_save(request)
            return answer
        # Hashing takes a fifth of a second on purpose: never inside the transaction (on SQLite it
        # holds the write lock from its start, and every other sign-up would wait). The adapter's
        # save_user takes this hash.
        self.password_hash = make_password(self.cleaned_data.get("password1"))
        return save_once(request, email, lambda: super(SignUpForm, self).try_save(request))


class SocialSignUpForm(social_forms.SignupForm):
    """The first log-in by single sign-on: the name as the identity provider sent it (the person
    may correct it), its address (fixed; asked for only when the provider sent none, and then
    confirmed by a link), and the consent to the storage of account data, which only the person
    can give.

    An address that has an account already is answered as on the sign-up page (a mail to that
    address, the same page either way); so is a second first log-in with one address at the same
    moment (the database refuses the second account)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    privacy = forms.BooleanField(label=PRIVACY_LABEL, required=True)
    field_order = ["name", "email", "privacy"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].widget.attrs.pop("placeholder", None)
        if self.initial.get("email"):
            # The provider's address: another one would be a second, unconfirmed address.
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("The address your organisation's single sign-on gave.")

    def clean_name(self) -> str:
        return clean_person_name(self.cleaned_data["name"])

    def try_save(self, request: HttpRequest) -> tuple[Any, HttpResponse | None]:
        if self.account_already_exists:
            answer: tuple[Any, HttpResponse | None] = super().try_save(request)
            return answer
        return save_once(
            request, self.cleaned_data.get("email"), lambda: super(SocialSignUpForm, self).try_save(request)
        )


class LoginForm(allauth_forms.LoginForm):
    """allauth's log-in by e-mail address, with the platform's labels. With
    ``KOSILAB_SSO_STAFF_ONLY``, a lab team member's or platform admin's correct password is refused
    with a pointer to single sign-on; a wrong one gets the usual answer, so the refusal tells only
    the person who knows the password that the address is staff."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autofocus"] = True
        self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Stay logged in on this device")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        if isinstance(self.user, User) and sso.must_use_sso(self.user):
            raise forms.ValidationError(sso.SSO_ONLY_MESSAGE)
        return cleaned


class AccountForm(ServiceModelForm[User]):
    class Meta:
        model = User
        fields = ["name", "language"]


class DeleteAccountForm(forms.Form):
    """Who deletes has just confirmed it is them (the view asks for the password again, or a code by
    mail for accounts without one); the box makes the step deliberate."""

    confirm = forms.BooleanField(
        label=_("Yes, delete my account and my personal data."),
        error_messages={"required": _("Tick the box to confirm that you want your account deleted.")},
    )
