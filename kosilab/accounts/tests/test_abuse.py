"""Log-in, sign-up, password reset and confirmation: throttled (429), and no answer tells whether
an account exists. Limits and policy: kosilab/core/ratelimit.py, docs/security.md."""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import math
import re

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from kosilab.accounts.models import User
from kosilab.accounts.services import user_confirmation_token
from kosilab.accounts.views import KNOWN_BROWSER_COOKIE
from kosilab.core.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2031, 3, 4, 10, 0, tzinfo=dt.UTC)
SIGN_UP = {
    "name": "Nora Neu",
    "email": "nora@example.org",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
    "privacy": "on",
}


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def same_page(one, other, one_email: str, other_email: str) -> bool:
    """The two pages are the same but for the address typed (and the per-page CSRF token)."""

    def normalised(response, email: str) -> str:
        return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]*"', "", response.content.decode()).replace(
            email, "@"
        )

    return normalised(one, one_email) == normalised(other, other_email)


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def login(client: Client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def assert_throttled(response, language: str = "en") -> int:
    """429, a Retry-After in seconds, and the page in ``language`` saying when to try again."""
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 3600
    minutes = max(1, math.ceil(retry_after / 60))
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        text = ngettext(
            "There have been too many attempts in a short time. Please try again in one minute.",
            "There have been too many attempts in a short time. Please try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
    assert text in html
    return retry_after


# --- Log-in ----------------------------------------------------------------------------------------


def test_ten_wrong_passwords_lock_the_account_for_the_window_then_the_person_logs_in(client, participant, clock):
    english(client)
    for _ in range(10):
        response = login(client, participant.email, "wrong-guess-123")
        assert response.status_code == 200
        assert response.context["form"].errors
    # Now even the right password is not tried: the answer does not help a guesser.
    retry_after = assert_throttled(login(client, participant.email, PASSWORD))
    assert retry_after <= 15 * 60
    participant.refresh_from_db()
    assert participant.last_login is None

    clock.shift(dt.timedelta(seconds=retry_after + 1))
    assert login(client, participant.email, PASSWORD).status_code == 302


def test_the_throttled_page_is_in_german_by_default(client, participant, clock):
    for _ in range(10):
        login(client, participant.email, "wrong-guess-123")
    assert_throttled(login(client, participant.email, "wrong-guess-123"), language="de")


def test_successful_log_ins_do_not_count(client, participant, clock):
    for _ in range(15):
        assert login(client, participant.email, PASSWORD).status_code == 302
        client.logout()


def test_an_address_with_thirty_failures_is_throttled_for_every_account(client, participant, clock):
    english(client)
    for n in range(30):
        assert login(client, f"guess{n}@example.org", "wrong-guess-123").status_code == 200
    assert_throttled(login(client, participant.email, PASSWORD))
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert login(other, participant.email, PASSWORD).status_code == 302


def test_an_attacker_cannot_lock_out_a_browser_that_logged_in_before(participant, clock):
    own_browser = Client(REMOTE_ADDR="198.51.100.7")
    assert login(own_browser, participant.email, PASSWORD).status_code == 302
    assert KNOWN_BROWSER_COOKIE in own_browser.cookies
    own_browser.post(reverse("accounts:logout"))  # (the test client's logout() would drop every cookie)

    attacker = english(Client(REMOTE_ADDR="203.0.113.66"))
    for _ in range(10):
        login(attacker, participant.email, "wrong-guess-123")
    assert_throttled(login(attacker, participant.email, PASSWORD))
    # A browser the person never used waits for the window; their own browser does not.
    assert login(Client(REMOTE_ADDR="198.51.100.8"), participant.email, PASSWORD).status_code == 429
    assert login(own_browser, participant.email, PASSWORD).status_code == 302


def test_a_stolen_known_browser_cookie_for_another_account_does_not_help(participant, clock):
    other = UserFactory(email="other@example.org")
    browser = Client(REMOTE_ADDR="198.51.100.7")
    assert login(browser, other.email, PASSWORD).status_code == 302
    browser.post(reverse("accounts:logout"))
    for _ in range(10):
        login(Client(REMOTE_ADDR="203.0.113.66"), participant.email, "wrong-guess-123")
    # The cookie names the other account: this browser counts as unknown for the participant.
    assert login(browser, participant.email, PASSWORD).status_code == 429


# --- Sign-up -------------------------------------------------------------------------------------


def test_sign_up_with_an_existing_address_answers_the_same_and_mails_that_address(
    client, django_capture_on_commit_callbacks
):
    english(client)
    existing = UserFactory(email="taken@example.org", language="de", name="Tilda Taken")
    with django_capture_on_commit_callbacks(execute=True):
        new = client.post(reverse("accounts:signup"), SIGN_UP)
        again = client.post(reverse("accounts:signup"), {**SIGN_UP, "email": "Taken@Example.org"})
    assert new.status_code == again.status_code == 200
    assert same_page(new, again, "nora@example.org", "taken@example.org")
    assert User.objects.count() == 2
    existing.refresh_from_db()
    assert existing.name == "Tilda Taken"
    [to_new, to_existing] = mail.outbox
    assert to_new.to == ["nora@example.org"]
    assert to_existing.to == ["taken@example.org"]
    # In the account's language (German), not the visitor's.
    with translation.override("de"):
        assert to_existing.subject == translation.gettext("Sign-up with your address at KoSI-Lab")
        assert translation.gettext("If that was you, log in:") in to_existing.body
    assert "/accounts/login/" in to_existing.body and "/accounts/password/reset/" in to_existing.body


def test_sign_up_again_before_confirming_sends_a_new_confirmation_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGN_UP)
        client.post(reverse("accounts:signup"), SIGN_UP)
    assert len(mail.outbox) == 2
    link = re.search(r"http://testserver(/accounts/confirm/\S+/)", mail.outbox[1].body)
    assert link
    assert client.get(link.group(1)).status_code == 302
    assert User.objects.get(email="nora@example.org").is_active


def test_the_fourth_sign_up_for_one_address_within_an_hour_is_throttled_and_sends_nothing(
    client, clock, django_capture_on_commit_callbacks
):
    english(client)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert client.post(reverse("accounts:signup"), SIGN_UP).status_code == 200
        assert_throttled(client.post(reverse("accounts:signup"), SIGN_UP))
    assert len(mail.outbox) == 3


def test_eleven_sign_ups_from_one_address_are_throttled(client, clock, django_capture_on_commit_callbacks):
    english(client)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            client.post(reverse("accounts:signup"), {**SIGN_UP, "email": f"n{n}@example.org"})
        assert_throttled(client.post(reverse("accounts:signup"), {**SIGN_UP, "email": "late@example.org"}))
    assert not User.objects.filter(email="late@example.org").exists()
    assert len(mail.outbox) == 10
    assert client.get(reverse("accounts:signup")).status_code == 200  # only posting counts


# --- Confirmation link ---------------------------------------------------------------------------


def _decoded_parts(token: str) -> str:
    decoded = []
    for part in re.split(r"[:.]", token):
        with contextlib.suppress(binascii.Error, ValueError):
            decoded.append(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("utf-8", "replace"))
    return " ".join([token, *decoded])


def test_the_confirmation_link_does_not_carry_the_address(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGN_UP)
    link = re.search(r"/accounts/confirm/(\S+)/", mail.outbox[0].body)
    assert link
    readable = _decoded_parts(link.group(1)).lower()
    assert "nora" not in readable and "example" not in readable


def test_a_link_of_the_old_format_is_refused_with_a_clear_message(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGN_UP)
    user = User.objects.get(email="nora@example.org")
    old = signing.TimestampSigner(salt="kosilab.accounts.confirm-email").sign_object({"u": user.pk, "e": user.email})
    response = english(client).get(reverse("accounts:confirm", args=[old]))
    assert response.status_code == 400
    assert "This confirmation link is not valid. Please ask for a new one." in response.content.decode()
    assert reverse("accounts:resend_confirmation") in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active


def test_a_link_stops_working_when_the_address_changes(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGN_UP)
    user = User.objects.get(email="nora@example.org")
    token = user_confirmation_token(user=user)
    User.objects.filter(pk=user.pk).update(email="changed@example.org")
    assert english(client).get(reverse("accounts:confirm", args=[token])).status_code == 400
    assert not User.objects.get(pk=user.pk).is_active


def test_an_expired_link_says_to_ask_for_a_new_one_and_the_new_one_works(
    client, clock, settings, django_capture_on_commit_callbacks
):
    english(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGN_UP)
    first = re.search(r"http://testserver(/accounts/confirm/\S+/)", mail.outbox[0].body)
    assert first
    clock.shift(dt.timedelta(seconds=settings.ACCOUNT_CONFIRMATION_MAX_AGE + 60))
    response = client.get(first.group(1))
    assert response.status_code == 400
    assert "This confirmation link has expired. Please ask for a new one." in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("accounts:resend_confirmation"), {"email": "Nora@Example.org"})
    assert done.status_code == 200
    assert len(mail.outbox) == 2
    second = re.search(r"http://testserver(/accounts/confirm/\S+/)", mail.outbox[1].body)
    assert second
    assert client.get(second.group(1)).status_code == 302
    assert User.objects.get(email="nora@example.org").is_active


def test_resending_answers_the_same_for_unknown_and_confirmed_addresses_and_mails_nobody(
    client, participant, django_capture_on_commit_callbacks
):
    english(client)
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(reverse("accounts:resend_confirmation"), {"email": "nobody@example.org"})
        confirmed = client.post(reverse("accounts:resend_confirmation"), {"email": participant.email})
    assert unknown.status_code == confirmed.status_code == 200
    assert same_page(unknown, confirmed, "nobody@example.org", participant.email)
    assert not mail.outbox


def test_resending_is_throttled_per_address(client, clock, django_capture_on_commit_callbacks):
    english(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGN_UP)
        for _ in range(3):
            client.post(reverse("accounts:resend_confirmation"), {"email": "nora@example.org"})
        assert_throttled(client.post(reverse("accounts:resend_confirmation"), {"email": "nora@example.org"}))
    assert len(mail.outbox) == 4


def test_the_log_in_and_sign_up_pages_link_to_resending(client):
    for name in ("accounts:login",):
        assert reverse("accounts:resend_confirmation") in client.get(reverse(name)).content.decode()


def test_guessing_confirmation_links_is_throttled(client, participant, clock):
    english(client)
    for n in range(20):
        assert client.get(reverse("accounts:confirm", args=[f"1:abc:{n}"])).status_code == 400
    assert_throttled(client.get(reverse("accounts:confirm", args=["1:abc:x"])))


# --- Password reset ------------------------------------------------------------------------------


def test_password_reset_answers_the_same_for_unknown_addresses_and_mails_in_the_account_language(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("accounts:password_reset"), {"email": "known@example.org"})
        unknown = client.post(reverse("accounts:password_reset"), {"email": "unknown@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    [sent] = mail.outbox
    assert sent.to == ["known@example.org"]
    assert sent.subject == "Choose a new KoSI-Lab password"  # the account's language, not the page's


def test_password_reset_is_throttled_per_address_and_then_sends_nothing(
    client, participant, clock, django_capture_on_commit_callbacks
):
    english(client)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert client.post(reverse("accounts:password_reset"), {"email": participant.email}).status_code == 302
        assert_throttled(client.post(reverse("accounts:password_reset"), {"email": participant.email}))
    assert len(mail.outbox) == 3


def test_guessing_password_reset_links_is_throttled(client, participant, clock):
    english(client)
    for n in range(20):
        url = reverse("accounts:password_reset_confirm", args=["MQ", f"abc-{n}"])
        assert client.get(url).status_code == 200  # "this link is no longer valid"
    assert_throttled(client.get(reverse("accounts:password_reset_confirm", args=["MQ", "abc-x"])))


@pytest.mark.parametrize("confirmed", [True, False])
def test_the_mail_to_an_existing_address_and_its_audit_entry_are_written_together(confirmed, monkeypatch):
    """If the audit entry cannot be written, the mail to the existing address is not left behind."""
    from kosilab.accounts import services
    from kosilab.core.models import OutboxMail

    user = UserFactory(email="nora@example.org")
    if not confirmed:
        User.objects.filter(pk=user.pk).update(email_confirmed_at=None)

    def broken_log_action(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "log_action", broken_log_action)
    with pytest.raises(RuntimeError):
        services.user_sign_up(
            email="nora@example.org", name="Nora Neu", password="a-long-passphrase", language="en", site_url="http://x"
        )
    if not confirmed:
        with pytest.raises(RuntimeError):
            services.user_confirmation_resend(email="nora@example.org", site_url="http://x")
    assert not OutboxMail.objects.exists()
