"""Every mail template, rendered in German and English with a realistic context: subject, text and
HTML; every link in both resolves and answers; the HTML is accessible (lang, title, heading, no
images, colours with AA contrast). And the one-click link that stops an optional kind of mail.

The templates are discovered (every ``*/mail/*_subject.txt``); each needs a context builder in
``BUILDERS`` below (a function taking the ``Situation`` and returning the context its service
passes) and a class in ``core.mail`` (``MAIL_KINDS`` or ``TRANSACTIONAL``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail as django_mail
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation

import kosilab
from kosilab.core import mail as core_mail
from kosilab.core.mail import KIND_OF_TEMPLATE, TRANSACTIONAL, render_mail, send_templated_mail, unsubscribe_token
from kosilab.core.models import MailOptOut, OutboxMail
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, OrganisationFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://lab.example.org"
MAIL_DIR = Path(kosilab.__file__).parent


def discovered_templates() -> list[str]:
    """``<app>/mail/<name>`` of every ``*_subject.txt`` under a ``mail`` folder of the apps' templates."""
    found = []
    for path in sorted(MAIL_DIR.glob("*/templates/**/mail/*_subject.txt")):
        templates_dir = next(p for p in path.parents if p.name == "templates")
        found.append(str(path.relative_to(templates_dir)).removesuffix("_subject.txt"))
    return found


# --- Context builders: one per mail, each as its service builds it ------------------------------


@dataclass
class Situation:
    """A lab with a process, an event with a registration, and the people mails go to."""

    lab: Any
    user: Any
    process: Any
    event: Any
    registration: Any
    login_as: Any = None  # who follows the links (None: nobody logged in)
    extra: dict[str, Any] = field(default_factory=dict)


def _link(path: str) -> str:
    return core_mail.site_url() + path


def _event(situation: Situation) -> dict[str, Any]:
    from kosilab.events.services import registration_link

    registration = situation.registration
    return {
        "registration": registration,
        "event": situation.event,
        "link": registration_link(registration=registration),
        "cancel_link": registration_link(registration=registration, name="cancel"),
        "event_link": _link(situation.event.get_absolute_url()),
    }


def _confirm_email(situation: Situation) -> dict[str, Any]:
    from kosilab.events.services import registration_link

    return {**_event(situation), "confirm_link": registration_link(registration=situation.registration, name="confirm")}


def _event_cancelled(situation: Situation) -> dict[str, Any]:
    return {**_event(situation), "reason": "Der Referent ist erkrankt."}


def _event_changed(situation: Situation) -> dict[str, Any]:
    return {**_event(situation), "moved": True}


def _account_confirm(situation: Situation) -> dict[str, Any]:
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    address, _created = EmailAddress.objects.get_or_create(user=situation.user, email=situation.user.email)
    key = EmailConfirmationHMAC(address).key
    return {"user": situation.user, "activate_url": _link(reverse("account_confirm_email", args=[key]))}


def _signup_existing(situation: Situation) -> dict[str, Any]:
    return {
        "user": situation.user,
        "login_url": _link(reverse("account_login")),
        "password_reset_url": _link(reverse("account_reset_password")),
    }


def _password_reset(situation: Situation) -> dict[str, Any]:
    from allauth.account.forms import default_token_generator as allauth_tokens
    from allauth.account.utils import user_pk_to_url_str

    user = situation.user
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": allauth_tokens.make_token(user)},
    )
    return {"user": user, "password_reset_url": _link(path)}


def _login_code(situation: Situation) -> dict[str, Any]:
    """allauth's code to confirm it is the person (reauthentication), e.g. before deleting an account."""
    return {"user": situation.user, "code": "PKHF-JQWZ"}


def _password_reset_sso(situation: Situation) -> dict[str, Any]:
    """A reset asked for an account that logs in by single sign-on only: the way to log in, no link."""
    return {"user": situation.user, "login_url": _link(reverse("account_login"))}


def _security_notice(situation: Situation) -> dict[str, Any]:
    from django.utils import timezone

    return {
        "user": situation.user,
        "notice": "The password of your account was changed.",
        "timestamp": timezone.now(),
        "ip": "192.0.2.1",
    }


def _accessibility_feedback(situation: Situation) -> dict[str, Any]:
    return {
        "message": "Der Kontrast der Knöpfe ist zu gering.",
        "email": "eva@example.org",
        "page": "/events/",
        "user": situation.user,
    }


def _followup_reminder(situation: Situation) -> dict[str, Any]:
    from kosilab.continuation import services
    from kosilab.continuation.models import FollowUp
    from kosilab.results.tests.factories import make_result

    result = make_result(situation.process, title="Garagenhof")
    handover = services.handover_create(
        result=result, by=None, taker_kind="organisation", taker_organisation=OrganisationFactory(), form="project"
    )
    followup = FollowUp.objects.create(
        handover=handover, due_on=timezone.localdate() + dt.timedelta(days=3), note="Läuft der Betrieb?"
    )
    situation.login_as = situation.extra["manager"]
    return {
        "followup": followup,
        "handover": handover,
        "result": result,
        "link": _link(handover.get_absolute_url()),
        "user": situation.user,
    }


def _proposal_decision(situation: Situation) -> dict[str, Any]:
    from kosilab.knowledge import services

    proposal = services.proposal_create(
        actor=situation.extra["manager"],
        lab=situation.lab,
        profile=None,
        data={"name": "Wiener Labor", "country": "at"},
        sources="https://example.org/wien",
    )
    situation.login_as = situation.extra["manager"]
    return {
        "user": situation.extra["manager"],
        "proposal": proposal,
        "accepted": False,
        "title": str(proposal),
        "note": "Bitte eine Quelle ergänzen.",
        "link": _link(services.proposal_url(proposal=proposal)),
    }


def _notification(situation: Situation) -> dict[str, Any]:
    from kosilab.notifications.models import Notification

    challenge = ChallengeFactory(lab=situation.lab)
    notification = Notification.objects.create(
        recipient=situation.user,
        kind="idea",
        target_title=challenge.title,
        text="Ein Repair-Café im Quartier",
        url=challenge.get_absolute_url(),
        challenge=challenge,
        actor_name="Nora",
    )
    situation.login_as = situation.user
    return {
        "user": situation.user,
        "notification": notification,
        "link": _link(notification.url),
        "settings_link": _link("/notifications/settings/"),
    }


def _digest(situation: Situation) -> dict[str, Any]:
    context = _notification(situation)
    notification = context["notification"]
    return {
        "user": situation.user,
        "frequency": "weekly",
        "count": 1,
        "groups": [
            {"title": notification.target_title, "items": [{"notification": notification, "link": context["link"]}]}
        ],
        "list_link": _link("/notifications/"),
        "settings_link": _link("/notifications/settings/"),
    }


def _invitation(situation: Situation) -> dict[str, Any]:
    from kosilab.planning import selectors
    from kosilab.planning.services import session_link
    from kosilab.planning.tests.factories import SessionFactory, add_blocks

    session = SessionFactory(process=situation.process)
    add_blocks(session, 30, 60)
    agenda = selectors.agenda(session, selectors.blocks_of(session))
    situation.login_as = situation.extra["manager"]
    return {
        "session": session,
        "process": situation.process,
        "agenda": agenda,
        "again": False,
        "link": session_link(session=session),
        "ics_link": session_link(session=session, name="session_ics"),
        "pdf_link": session_link(session=session, name="session_pdf"),
        "person": situation.user,
    }


def _sustainability_warning(situation: Situation) -> dict[str, Any]:
    warning = SimpleNamespace(
        title="Die Förderung endet in 90 Tagen",
        text="Die Förderung „Quartiersfonds“ endet am 30.09.",
        action="Anschlussfinanzierung klären.",
    )
    situation.login_as = situation.extra["manager"]
    link = _link(reverse("sustainability:watch", args=[situation.lab.slug]) + "#funding-1")
    return {"user": situation.extra["manager"], "lab": situation.lab, "warning": warning, "link": link}


def _process_invitation(situation: Situation) -> dict[str, Any]:
    from kosilab.processes.services import invitation_send

    invitation, token = invitation_send(
        process=situation.process,
        email=f"gast{situation.process.invitations.count()}@example.org",
        role="expert",
        sector="science",
        by=situation.user,
    )
    return {
        "process": situation.process,
        "lab": situation.lab,
        "role": invitation.get_role_display(),
        "inviter": situation.user.name,
        "link": _link(reverse("processes:invitation", args=[token])),
        "expires_at": invitation.expires_at,
    }


BUILDERS: dict[str, Callable[[Situation], dict[str, Any]]] = {
    "accounts/mail/confirm": _account_confirm,
    "accounts/mail/confirm_address": _account_confirm,
    "accounts/mail/login_code": _login_code,
    "accounts/mail/password_reset_sso": _password_reset_sso,
    "accounts/mail/security_notice": _security_notice,
    "accounts/mail/password_reset": _password_reset,
    "accounts/mail/signup_existing": _signup_existing,
    "continuation/mail/followup_reminder": _followup_reminder,
    "core/mail/accessibility_feedback": _accessibility_feedback,
    "events/mail/already_registered": _event,
    "events/mail/cancelled": _event,
    "events/mail/confirm_email": _confirm_email,
    "events/mail/confirmed": _event,
    "events/mail/event_cancelled": _event_cancelled,
    "events/mail/event_changed": _event_changed,
    "events/mail/offer": _event,
    "events/mail/offer_expired": _event,
    "events/mail/reminder": _event,
    "events/mail/seat_given": _event,
    "events/mail/waiting": _event,
    "knowledge/proposals/mail/decision": _proposal_decision,
    "notifications/mail/digest": _digest,
    "notifications/mail/notification": _notification,
    "planning/mail/invitation": _invitation,
    "processes/mail/invitation": _process_invitation,
    "sustainability/mail/warning": _sustainability_warning,
}


@pytest.fixture
def situation(settings):
    from kosilab.events.tests.factories import EventFactory, register
    from kosilab.labs.models import LabRole
    from kosilab.labs.services import lab_team_set
    from kosilab.processes.services import member_add

    settings.KOSILAB_SITE_URL = SITE
    lab = LabFactory(slug="dortmund", name="Sozial-Lab Dortmund")
    manager = UserFactory(name="Mara Manager", language="de")
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    user = UserFactory(name="Nora Nachbar", email="nora@example.org", language="de")
    process = ProcessFactory(lab=lab)
    member_add(process=process, user=user, role="co_creator", sector="civil_society", by=None)
    event = EventFactory(lab=lab, title="Reparatur-Werkstatt")
    registration = register(event, name="Nora Nachbar", email="nora@example.org")
    registration.offer_expires_at = timezone.now() + dt.timedelta(days=1)
    return Situation(
        lab=lab, user=user, process=process, event=event, registration=registration, extra={"manager": manager}
    )


# --- Looking at the result -----------------------------------------------------------------------


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_of: dict[int, str] = {}
        self._open_a: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "a":
            self._open_a = len(self.tags) - 1
            self.text_of[self._open_a] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open_a = None

    def handle_data(self, data: str) -> None:
        if self._open_a is not None:
            self.text_of[self._open_a] += data

    def links(self) -> list[tuple[str, str]]:
        return [
            (attrs.get("href") or "", self.text_of.get(i, "").strip())
            for i, (tag, attrs) in enumerate(self.tags)
            if tag == "a"
        ]


URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]+")


def _check_link(url: str, client: Client, where: str) -> None:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != SITE:
        return  # another site's address (an online meeting, a source): not ours to resolve
    try:
        resolve(parts.path)
    except Resolver404:
        pytest.fail(f"{where}: {url} does not resolve")
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response.status_code in (200, 302, 303), f"{where}: GET {url} answered {response.status_code}"


def _render(template: str, situation: Situation, language: str) -> core_mail.RenderedMail:
    builder = BUILDERS.get(template)
    if builder is None:
        pytest.fail(
            f"No context builder for the mail template {template!r}: add a function "
            f"`def _{template.rsplit('/', 1)[-1]}(situation: Situation) -> dict[str, Any]` to "
            f"kosilab/core/tests/test_mail_templates.py that returns the context its service passes to "
            f"send_templated_mail, and the entry {template!r} to BUILDERS; and classify the mail in "
            f"kosilab/core/mail.py (MAIL_KINDS if it can be stopped, else TRANSACTIONAL with its one line why)."
        )
    return render_mail(to="nora@example.org", language=language, template=template, context=builder(situation))


@pytest.mark.parametrize("template", discovered_templates())
def test_every_mail_renders_in_both_languages_with_working_links(template, situation, client):
    assert template in KIND_OF_TEMPLATE or template in TRANSACTIONAL, (
        f"Classify {template!r} in kosilab/core/mail.py: MAIL_KINDS (can be stopped) or TRANSACTIONAL (say why)."
    )
    german, english = _render(template, situation, "de"), _render(template, situation, "en")
    if situation.login_as is not None:
        client.force_login(situation.login_as)
    for language, rendered in (("de", german), ("en", english)):
        where = f"{template} ({language})"
        assert rendered.subject and "\n" not in rendered.subject, where
        assert "{{" not in rendered.body and "{%" not in rendered.html, where
        parser = _Html()
        parser.feed(rendered.html)
        tags = [tag for tag, _attrs in parser.tags]
        html_tag = next(attrs for tag, attrs in parser.tags if tag == "html")
        assert html_tag.get("lang") == language, where
        assert "title" in tags and "h1" in tags, where
        assert "img" not in tags, where
        assert "<style" not in rendered.html, f"{where}: the stylesheet is inlined"
        assert 'style="' in rendered.html, where
        for href, text in parser.links():
            assert text and text != href, f"{where}: the link {href} needs a text that says where it leads"
            _check_link(href, client, where)
        for url in URL_IN_TEXT.findall(rendered.body):
            _check_link(url.rstrip(".,)"), client, where)
        assert situation.lab.name in rendered.body or template.startswith(("accounts/", "core/", "notifications/"))
    # The English and the German differ where a sentence is translated (the subject always is,
    # apart from names in it).
    assert german.body != english.body
    assert german.html != english.html


@pytest.mark.parametrize("template", discovered_templates())
def test_optional_mails_carry_a_stop_link_and_transactional_ones_say_why(template, situation):
    rendered = _render(template, situation, "en")
    kind = KIND_OF_TEMPLATE.get(template)
    if kind:
        assert rendered.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        stop = rendered.headers["List-Unsubscribe"].strip("<>")
        assert stop in rendered.body and stop in rendered.html
        assert "/notifications/settings/" in rendered.html
    else:
        assert rendered.headers == {}
        with translation.override("en"):
            assert str(TRANSACTIONAL[template]) in rendered.body
        assert "/mail/stop/" not in rendered.html


def test_a_mail_of_a_lab_is_sent_in_its_name_with_html_and_text(situation, settings, mailoutbox):
    settings.DEFAULT_FROM_EMAIL = "KoSI-Lab <noreply@kosilab.example>"
    OutboxMail.objects.all().delete()  # the registration's own mails
    mailoutbox.clear()
    send_templated_mail(
        to="nora@example.org", language="en", template="events/mail/confirmed", context=_event(situation)
    )
    row = OutboxMail.objects.get(template="events/mail/confirmed")
    assert row.from_name == "Sozial-Lab Dortmund · KoSI-Lab"
    assert core_mail.send_outbox_mail.call(outbox_id=row.pk) == "sent"
    (message,) = mailoutbox
    assert message.from_email == '"Sozial-Lab Dortmund · KoSI-Lab" <noreply@kosilab.example>'
    assert "Sozial-Lab Dortmund · KoSI-Lab" in str(make_header(decode_header(message.message()["From"])))
    assert message.alternatives[0][1] == "text/html"
    assert "Your seat is confirmed" in message.alternatives[0][0]


def test_a_row_written_before_html_existed_is_sent_as_text_only(mailoutbox):
    row = OutboxMail.objects.create(key="old-row", to="nora@example.org", subject="Hallo", body="Text")
    assert core_mail.send_outbox_mail.call(outbox_id=row.pk) == "sent"
    (message,) = mailoutbox
    assert not getattr(message, "alternatives", [])
    assert message.body == "Text" and message.from_email == django_mail.EmailMessage().from_email


# --- Stopping a kind ---------------------------------------------------------------------------


def test_the_stop_link_asks_then_stops_exactly_that_kind_for_that_address(situation, client, mailoutbox):
    token = unsubscribe_token(kind="event_reminders", address="Nora@Example.org")
    url = reverse("core:mail_stop", args=[token])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and b"Stop these e-mails" in page.content
    assert not MailOptOut.objects.exists()  # a GET (a link scanner) changes nothing

    done = client.post(url, {"List-Unsubscribe": "One-Click"}, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 200 and b"gets no more reminders of events" in done.content
    assert list(MailOptOut.objects.values_list("address", "kind")) == [("nora@example.org", "event_reminders")]
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200  # again: still stopped, once
    assert MailOptOut.objects.count() == 1

    OutboxMail.objects.all().delete()  # the registration's own mails
    send_templated_mail(
        to="nora@example.org", language="en", template="events/mail/reminder", context=_event(situation)
    )
    send_templated_mail(
        to="nora@example.org", language="en", template="events/mail/confirmed", context=_event(situation)
    )
    send_templated_mail(
        to="other@example.org", language="en", template="events/mail/reminder", context=_event(situation)
    )
    assert sorted(OutboxMail.objects.values_list("to", "template")) == [
        ("nora@example.org", "events/mail/confirmed"),
        ("other@example.org", "events/mail/reminder"),
    ]

    client.post(url, {"resume": "1"})
    assert not MailOptOut.objects.exists()


def test_a_tampered_stop_link_is_refused_and_changes_nothing(client):
    token = unsubscribe_token(kind="event_reminders", address="nora@example.org")
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (forged, "nonsense", unsubscribe_token(kind="no_such_kind", address="nora@example.org")):
        response = client.post(reverse("core:mail_stop", args=[bad]), {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 400
    assert not MailOptOut.objects.exists()


def test_stopping_notification_mails_switches_the_digest_off(situation, client):
    from kosilab.notifications.models import NotificationSetting

    token = unsubscribe_token(kind="notifications", address=situation.user.email)
    client.post(reverse("core:mail_stop", args=[token]), {"List-Unsubscribe": "One-Click"})
    assert NotificationSetting.objects.get(user=situation.user).frequency == "off"
    assert not MailOptOut.objects.exists()  # kept where the settings page shows it


# --- Colours -----------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_mail_colours_have_aa_contrast():
    """Every pair the stylesheet names in its header, and every colour it uses is in a pair."""
    css = (MAIL_DIR / "core/templates/core/mail/mail.css").read_text()
    pairs = re.findall(r"(#[0-9a-f]{6}) on (#[0-9a-f]{6})", css)
    assert pairs
    for foreground, background in pairs:
        assert contrast(foreground, background) >= 4.5, (foreground, background)
    named = {colour for pair in pairs for colour in pair}
    assert set(re.findall(r"#[0-9a-f]{6}", css)) <= named


def test_the_demo_s_mail_files_are_readable_as_they_are(situation, settings, tmp_path):
    """make run writes mails to var/mail/ (file backend): text and HTML stay readable in the file
    (8-bit UTF-8, not base64), the text part first."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    OutboxMail.objects.all().delete()
    send_templated_mail(
        to="nora@example.org", language="de", template="events/mail/confirmed", context=_event(situation)
    )
    row = OutboxMail.objects.get()
    assert core_mail.send_outbox_mail.call(outbox_id=row.pk) == "sent"
    (written,) = tmp_path.iterdir()
    text = written.read_text(encoding="utf-8")
    assert "Content-Transfer-Encoding: base64" not in text
    assert text.index("Hallo Nora Nachbar") < text.index("<!DOCTYPE html>")
    assert "Reparatur-Werkstatt" in text and "List-Unsubscribe" not in text


def test_a_reminder_is_sent_with_the_one_click_headers(situation, mailoutbox):
    OutboxMail.objects.all().delete()
    mailoutbox.clear()
    send_templated_mail(
        to="nora@example.org", language="en", template="events/mail/reminder", context=_event(situation)
    )
    row = OutboxMail.objects.get()
    assert core_mail.send_outbox_mail.call(outbox_id=row.pk) == "sent"
    headers = mailoutbox[0].message()
    assert headers["List-Unsubscribe"].startswith(f"<{SITE}/mail/stop/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_notification_settings_list_what_was_stopped_and_turn_it_on_again(situation, client):
    from kosilab.core.mail import mail_stop

    mail_stop(kind="followup_reminders", address=situation.user.email.upper())
    client.force_login(situation.user)
    page = client.get(reverse("notifications:settings"), HTTP_ACCEPT_LANGUAGE="en")
    assert b"E-mails you stopped" in page.content and b"Reminders of follow-ups on continuations" in page.content
    token = unsubscribe_token(kind="followup_reminders", address=situation.user.email)
    assert reverse("core:mail_stop", args=[token]).encode() in page.content
    client.post(reverse("core:mail_stop", args=[token]), {"resume": "1"})
    assert not MailOptOut.objects.exists()
    assert b"E-mails you stopped" not in client.get(reverse("notifications:settings")).content


def test_a_notification_mail_comes_in_the_name_of_the_lab_of_what_is_followed(situation):
    from kosilab.notifications.services import follow_add, followers_notify, setting_update

    challenge = ChallengeFactory(lab=situation.lab, status="open")
    follow_add(user=situation.user, target=challenge)
    setting_update(user=situation.user, frequency="immediately")
    OutboxMail.objects.all().delete()
    followers_notify(target=challenge, kind="answer", actor=None, obj=challenge, text="Die Antwort des Labors")
    row = OutboxMail.objects.get(template="notifications/mail/notification")
    assert row.from_name == "Sozial-Lab Dortmund · KoSI-Lab"
    assert "Sozial-Lab Dortmund" in row.html and "List-Unsubscribe" in row.headers
