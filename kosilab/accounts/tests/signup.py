"""Sign-up and confirmation as a person does them, through django-allauth's pages, for tests of
what follows from them (process invitations, the data export, the erasure)."""

from __future__ import annotations

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.test import Client
from django.urls import reverse

from kosilab.accounts.models import User


def sign_up(*, email: str, name: str, password: str, language: str = "de") -> User:
    """Post the sign-up form (in ``language``); the account exists, its address not yet confirmed."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    response = client.post(
        reverse("account_signup"),
        {"name": name, "email": email, "password1": password, "password2": password, "privacy": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(email=email.lower())


def confirm(user: User) -> User:
    """Follow the confirmation link of the account's address (as the mail carries it)."""
    address = EmailAddress.objects.get(user=user, email__iexact=user.email)
    key = EmailConfirmationHMAC(address).key
    response = Client().post(reverse("account_confirm_email", args=[key]))
    assert response.status_code == 302, response.status_code
    user.refresh_from_db()
    return user
