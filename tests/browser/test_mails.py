"""HTML mails and the page that stops a kind of mail, in German and English, checked with axe-core
(WCAG 2.1 A/AA). The mails are shown as a mail program would: the HTML alone, without the site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from kosilab.core.mail import render_mail, unsubscribe_token
from kosilab.core.models import MailOptOut
from kosilab.core.tests.test_mail_templates import BUILDERS, Situation, situation  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser

SHOWN = [
    "events/mail/confirmed",
    "events/mail/reminder",
    "notifications/mail/digest",
    "planning/mail/invitation",
    "accounts/mail/confirm",
]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("template", SHOWN)
def test_html_mails_are_accessible(
    new_ui,
    situation: Situation,  # noqa: F811
    template: str,
    language: str,
) -> None:
    html = render_mail(
        to="nora@example.org", language=language, template=template, context=BUILDERS[template](situation)
    ).html
    ui = new_ui(language=language)
    ui.page.set_content(html)
    ui.check_a11y(assets=False)
    assert ui.html_lang() == language
    assert ui.page.locator("h1").count() == 1
    # KOSILAB_SCREENSHOTS=docs/screenshots keeps the registration confirmation as mail-de/en.png.
    folder = os.environ.get("KOSILAB_SCREENSHOTS")
    if folder and template == "events/mail/confirmed":
        Path(folder).mkdir(parents=True, exist_ok=True)
        ui.page.set_viewport_size({"width": 720, "height": 560})
        ui.page.screenshot(path=str(Path(folder) / f"mail-{language}.png"), full_page=True)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_stop_page_asks_then_stops(new_ui, language: str) -> None:
    ui = new_ui(language=language)
    ui.visit(reverse("core:mail_stop", args=[unsubscribe_token(kind="event_reminders", address="nora@example.org")]))
    assert not MailOptOut.objects.exists()
    ui.submit("input[name='List-Unsubscribe']")
    assert MailOptOut.objects.filter(address="nora@example.org", kind="event_reminders").exists()
    ui.submit("input[name='resume']")
    assert not MailOptOut.objects.exists()
    ui.visit(reverse("core:mail_stop", args=["forged"]), status=400)


def test_the_settings_page_lists_stopped_mails(new_ui) -> None:
    from kosilab.core.mail import mail_stop
    from kosilab.core.tests.factories import UserFactory

    person = UserFactory(email="nora@example.org")
    mail_stop(kind="event_reminders", address=person.email)
    ui = new_ui()
    ui.log_in(person.email)
    ui.visit(reverse("notifications:settings"))
    ui.follow("#stopped-heading ~ ul button[type=submit]")
    assert not MailOptOut.objects.exists()
