"""A newcomer signs up, confirms the e-mail address, logs in and joins an open challenge."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from kosilab.accounts.models import User
from kosilab.challenges.models import Participation
from kosilab.core.tests.factories import ChallengeFactory

pytestmark = pytest.mark.browser

PASSWORD = "a-long-and-unusual-passphrase"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)")


def test_newcomer_signs_up_confirms_logs_in_and_joins_a_challenge(ui, lab, live_server):
    challenge = ChallengeFactory(lab=lab, status="open", title="How do we keep the library open at night?")

    ui.visit("/")
    ui.follow("header a[href='/accounts/signup/']")

    # An empty form comes back with an error at every required field, and stays accessible.
    ui.submit("#id_email")
    for field in ("name", "email", "password1", "password2", "privacy"):
        assert ui.page.locator(f"#id_{field}_error").is_visible(), field
        assert ui.page.locator(f"#id_{field}").get_attribute("aria-invalid") == "true", field
    # Two different passwords are refused as well.
    ui.fill(
        {
            "#id_name": "Nora Neu",
            "#id_email": "Nora@Example.org",
            "#id_password1": PASSWORD,
            "#id_password2": "x" + PASSWORD,
        }
    )
    ui.page.locator("#id_privacy").check()
    ui.submit("#id_email")
    assert ui.page.locator("#id_password2_error").is_visible()
    assert not User.objects.filter(email="nora@example.org").exists()

    ui.fill({"#id_password1": PASSWORD, "#id_password2": PASSWORD})
    ui.submit("#id_email")
    assert ui.path == "/accounts/confirm-email/"
    assert "confirm your address" in ui.page.locator("main p[role=status]").inner_text()
    user = User.objects.get(email="nora@example.org")
    assert user.email_confirmed_at is None
    assert user.language == "en"

    # The live server runs in this process: the confirmation is in the locmem outbox.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nora@example.org"]
    link = CONFIRM_LINK.search(message.body)
    assert link, message.body
    assert message.body[link.start() :].startswith(live_server.url)

    # Before confirming, the log-in explains what is missing (and does not log in).
    ui.visit("/accounts/login/")
    ui.fill({"#id_login": "nora@example.org", "#id_password": PASSWORD})
    ui.submit("#id_password")
    assert ui.path == "/accounts/confirm-email/"
    assert ui.page.locator("header form[action='/accounts/logout/']").count() == 0

    # The link opens a page that asks to confirm (a mail program opening links confirms nothing).
    ui.visit(link.group(1))
    assert User.objects.get(pk=user.pk).email_confirmed_at is None
    ui.submit("main form button[type=submit]")
    assert ui.path == "/accounts/login/"
    assert ui.page.locator("main .messages .message-success").is_visible()
    user.refresh_from_db()
    assert user.is_active and user.email_confirmed_at is not None

    ui.fill({"#id_login": "nora@example.org", "#id_password": PASSWORD})
    ui.submit("#id_password")
    assert ui.path == "/"
    assert ui.page.locator("header form[action='/accounts/logout/']").count() == 1

    ui.follow(f"main a[href='{challenge.get_absolute_url()}']")
    participation = ui.page.locator("#participation")
    assert participation.locator("input[name=kind][value=joined]").is_checked()
    ui.fill({"#id_message": "I work at the library next door."})
    ui.htmx(lambda: participation.locator("button[type=submit]").click())

    assert participation.locator("#participation-state").inner_text() == "You take part in this challenge."
    # The confirmation is announced in the swapped region, and focus stays there.
    assert "Thank you!" in participation.locator(".messages[role=status]").inner_text()
    assert ui.page.evaluate("document.activeElement.closest('#participation') !== null")
    assert participation.locator(f"form[action='/challenges/{challenge.pk}/leave/']").count() == 1
    joined = Participation.objects.get(challenge=challenge, user=user)
    assert joined.kind == "joined"
    assert joined.message == "I work at the library next door."

    # After a reload the page still knows, and counts the participant.
    ui.visit(challenge.get_absolute_url())
    assert participation.locator("#participation-state").inner_text() == "You take part in this challenge."
