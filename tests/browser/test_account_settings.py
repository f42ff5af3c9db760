"""A person's log-in and security settings: the pages of django-allauth in the platform's layout,
changing the e-mail address (confirmed by a link to the new one) and logging out everywhere else."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from kosilab.accounts.models import User
from kosilab.core.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)")


def test_the_settings_pages_are_reachable_from_the_profile_and_accessible(ui):
    person = UserFactory(email="sven@example.org", name="Sven Settings")
    ui.log_in(person.email)
    ui.visit("/actors/people/me/")
    for link in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/sessions/"):
        ui.follow(f"main a[href='{link}']")
        assert ui.path == link
        # The settings pages name each other in a navigation that marks the current one.
        assert ui.page.locator(f"nav.account-nav a[href='{link}'][aria-current=page]").count() == 1
        ui.visit("/actors/people/me/")


def test_changing_the_address_takes_effect_only_once_the_new_one_is_confirmed(ui):
    person = UserFactory(email="old@example.org", name="Olga Old")
    ui.log_in(person.email)
    ui.visit("/accounts/email/")
    mail.outbox.clear()
    ui.fill({"#id_email": "New@Example.org"})
    ui.submit("#id_email")
    # Changing the address asks for the password again, even just after logging in; then it goes on.
    assert ui.path.startswith("/accounts/reauthenticate/")
    ui.fill({"#id_password": PASSWORD})
    ui.submit("#id_password")
    assert ui.path == "/accounts/email/"
    assert "new@example.org" in ui.page.locator("main p[role=status]").inner_text()
    assert User.objects.get(pk=person.pk).email == "old@example.org"  # not before the confirmation
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    link = CONFIRM_LINK.search(message.body)
    assert link, message.body

    ui.visit(link.group(1))
    ui.submit("main form button[type=submit]")
    person.refresh_from_db()
    assert person.email == "new@example.org"
    assert person.email_confirmed_at is not None
    # The old address is told (a security notice), and the new one logs in from now on.
    assert any(m.to == ["old@example.org"] for m in mail.outbox)
    ui.page.locator("header form[action='/accounts/logout/'] button").click()
    ui.page.wait_for_load_state()
    ui.log_in("new@example.org")
    # A mistyped address is refused with a message at the field.
    ui.visit("/accounts/email/")
    ui.fill({"#id_email": "not-an-address"})
    ui.submit("#id_email")
    if ui.path.startswith("/accounts/reauthenticate/"):
        ui.fill({"#id_password": PASSWORD})
        ui.submit("#id_password")
    assert ui.page.locator("#id_email_error").is_visible()


def test_log_out_everywhere_else_ends_the_other_sessions_and_keeps_this_one(new_ui):
    person = UserFactory(email="multi@example.org", name="Mia Multi")
    laptop, phone = new_ui(), new_ui()
    laptop.log_in(person.email)
    phone.log_in(person.email)

    laptop.visit("/accounts/sessions/")
    assert laptop.page.locator("main table tbody tr").count() == 2  # both sessions are listed
    laptop.submit("main form button[type=submit]")
    assert laptop.path == "/accounts/sessions/"
    assert laptop.page.locator("header form[action='/accounts/logout/']").count() == 1  # still logged in

    phone.visit("/actors/people/me/", status=200)
    assert phone.path.startswith("/accounts/login/")  # logged out
