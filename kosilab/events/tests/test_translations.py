"""An event written in German and English: the edit form saves the translation, each reader sees
their language (pages, mails, calendar files, certificates), and what is not translated is marked."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import UserFactory
from kosilab.core.tests.pdf import pdf_content_text
from kosilab.events.models import Event, Registration, RegistrationStatus
from kosilab.events.tests.factories import EventFactory, register

pytestmark = pytest.mark.django_db

TITLE = "Reparatur-Café im Quartier"
DESCRIPTION = "Bringt kaputte Dinge mit."
TITLE_EN = "Repair café in the neighbourhood"
DESCRIPTION_EN = "Bring broken things."


def _form(event: Event | None = None, **values: str) -> dict[str, str]:
    """The event form filled in as ``event`` is (a new event's if None), changed by ``values``."""
    start = timezone.localtime(event.starts_at) if event else timezone.localtime() + timedelta(days=5)
    end = timezone.localtime(event.ends_at) if event else start + timedelta(hours=2)
    data = {
        "kind": event.kind if event else "workshop",
        "title": TITLE,
        "description": DESCRIPTION,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
        "address": event.address if event else "Markt 1",
        "capacity": str(event.capacity if event else 12),
        "offer_hours": str(event.offer_hours if event else 0),
        "organiser": event.organiser if event else "",
    }
    data.update(values)
    return data


@pytest.fixture
def event(lab):
    start = (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)  # as the form sends it
    return EventFactory(lab=lab, title=TITLE, description=DESCRIPTION, starts_at=start)


def _page(client, event, language: str) -> str:
    return client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()


# --- The form --------------------------------------------------------------------------------------


def test_the_edit_form_saves_and_removes_an_english_translation(client, facilitator, event):
    client.force_login(facilitator)
    url = reverse("events:edit", args=[event.pk])
    sequence = event.sequence
    english = {"title_en": TITLE_EN, "description_en": DESCRIPTION_EN}
    assert client.post(url, _form(event, **english)).status_code == 302
    event.refresh_from_db()
    assert event.i18n == english
    assert (event.title, event.description) == (TITLE, DESCRIPTION)
    assert event.sequence == sequence + 1  # calendars fetch the new title
    entry = AuditEntry.objects.filter(action="events.event.updated").latest("pk")
    assert entry.data["fields"] == ["title_en", "description_en"]

    assert client.post(url, _form(event, **{**english, "description_en": ""})).status_code == 302
    event.refresh_from_db()
    assert event.i18n == {"title_en": TITLE_EN}


def test_saving_on_an_english_page_does_not_copy_german_into_the_translation(client, facilitator, event):
    client.force_login(facilitator)
    url = reverse("events:edit", args=[event.pk])
    assert client.post(url, _form(event, capacity="30"), HTTP_ACCEPT_LANGUAGE="en").status_code == 302
    event.refresh_from_db()
    assert event.capacity == 30
    assert not event.i18n  # no German text became the "English" one


def test_a_new_event_is_saved_with_its_translation(client, lab, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("events:create", args=[lab.slug]), _form(title_en=TITLE_EN))
    assert response.status_code == 302
    event = lab.events.get()
    assert (event.title, event.i18n) == (TITLE, {"title_en": TITLE_EN})


def test_the_form_shows_a_group_per_further_language(client, facilitator, event):
    client.force_login(facilitator)
    page = client.get(reverse("events:edit", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<details class="translation">' in page  # closed: nothing translated yet
    assert "Translation: English (optional)" in page
    assert 'name="title_en"' in page and 'name="description_en"' in page and 'lang="en"' in page


# --- The page --------------------------------------------------------------------------------------


def test_an_english_reader_sees_the_english_title(client, event):
    event.title_en = TITLE_EN
    event.save()
    page = _page(client, event, "en")
    assert f"<h1>{TITLE_EN}</h1>" in page
    assert f"<title>{TITLE_EN}" in page
    assert f'<p lang="de">{DESCRIPTION}</p>' in page  # the description is not translated yet
    assert "Not yet translated into English: some texts are shown in German." in page


def test_without_english_the_german_text_is_marked_and_noted(client, event):
    page = _page(client, event, "en")
    assert f'<h1><span lang="de">{TITLE}</span></h1>' in page
    assert f'<p lang="de">{DESCRIPTION}</p>' in page
    assert "Not yet translated into English: some texts are shown in German." in page
    assert "Add the translation" not in page  # only for those who may edit


def test_a_fully_translated_event_has_no_note(client, event):
    event.title_en, event.description_en = TITLE_EN, DESCRIPTION_EN
    event.save()
    page = _page(client, event, "en")
    assert f"<p>{DESCRIPTION_EN}</p>" in page
    assert "untranslated-note" not in page


def test_the_team_is_pointed_to_the_edit_page(client, facilitator, event):
    client.force_login(facilitator)
    page = _page(client, event, "en")
    assert f'<a href="{reverse("events:edit", args=[event.pk])}">Add the translation</a>' in page


def test_a_german_reader_sees_german_without_a_note(client, event):
    event.title_en = TITLE_EN
    event.save()
    page = _page(client, event, "de")
    assert f"<h1>{TITLE}</h1>" in page
    assert f"<p>{DESCRIPTION}</p>" in page
    assert TITLE_EN not in page
    assert "untranslated-note" not in page


def test_the_list_shows_the_readers_language(client, event):
    event.title_en = TITLE_EN
    event.save()
    assert TITLE_EN in client.get(reverse("events:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    german = client.get(reverse("events:list"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert TITLE in german and TITLE_EN not in german


# --- Mails, calendars, certificates ----------------------------------------------------------------


def test_the_confirmation_mail_carries_the_title_in_the_recipients_language(event, django_capture_on_commit_callbacks):
    event.title_en = TITLE_EN
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        register(event, UserFactory(language="en"))
        register(event, UserFactory(language="de"))
    english, german = mail.outbox
    assert english.subject == f"Your seat is confirmed: {TITLE_EN}"
    assert f"Event: {TITLE_EN}" in english.body
    assert TITLE_EN in english.alternatives[0].content
    assert TITLE not in english.body
    assert german.subject.endswith(TITLE)
    assert f"{TITLE}\n" in german.body and TITLE_EN not in german.body


def test_an_english_recipient_without_a_translation_gets_the_german_title(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(event, UserFactory(language="en"))
    [message] = mail.outbox
    assert message.subject == f"Your seat is confirmed: {TITLE}"
    assert f'<span lang="de">{TITLE}</span>' in message.alternatives[0].content


def test_the_event_calendar_file_is_in_the_requests_language(client, event):
    event.title_en, event.description_en = TITLE_EN, DESCRIPTION_EN
    event.save()
    url = reverse("events:event_ics", args=[event.pk])
    [english] = icalendar.Calendar.from_ical(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content).walk("VEVENT")
    assert str(english["SUMMARY"]) == TITLE_EN
    assert str(english["DESCRIPTION"]).startswith(DESCRIPTION_EN)
    [german] = icalendar.Calendar.from_ical(client.get(url, HTTP_ACCEPT_LANGUAGE="de").content).walk("VEVENT")
    assert str(german["SUMMARY"]) == TITLE


def test_the_personal_feed_is_in_its_owners_language(client, lab, event):
    from kosilab.events import feed_services
    from kosilab.labs.models import LabRole
    from kosilab.labs.services import lab_team_set

    event.title_en = TITLE_EN
    event.save()
    owner = UserFactory(language="en")
    lab_team_set(lab=lab, user=owner, role=LabRole.FACILITATOR, by=None)
    feed = feed_services.calendar_feed_create(user=owner, by=owner)
    # A calendar program asks without the person's language.
    response = client.get(reverse("events:personal_calendar", args=[feed.token]), HTTP_ACCEPT_LANGUAGE="de")
    [vevent] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == TITLE_EN


def test_the_certificate_names_the_event_in_its_language(client, lab):
    start = timezone.now() - timedelta(days=1)
    event = EventFactory(lab=lab, title=TITLE, starts_at=start, ends_at=start + timedelta(hours=2))
    event.title_en = TITLE_EN
    event.save()
    attendee = Registration.objects.create(
        event=event,
        name="Jona",
        email="jona@example.org",
        status=RegistrationStatus.CONFIRMED,
        language="en",
        attended_at=timezone.now(),
    )
    url = reverse("events:certificate", args=[attendee.token])
    english = pdf_content_text(client.get(url).content)
    assert TITLE_EN in english and TITLE not in english
    german = pdf_content_text(client.get(url, {"lang": "de"}).content)
    assert TITLE in german and TITLE_EN not in german
