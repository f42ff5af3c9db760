import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from kosilab.accounts.models import User

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_sign_up_succeeds_when_the_mail_server_is_down(client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    data = {
        "name": "Nora Neu",
        "email": "nora@example.org",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
        "privacy": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert User.objects.filter(email="nora@example.org").exists()
