"""Attendees hear about a new time or place; a moved event reminds them again."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from kosilab.events import services
from kosilab.events.models import RegistrationStatus
from kosilab.events.tests.factories import EventFactory, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(lab):
    return EventFactory(lab=lab, capacity=1)


def test_moving_an_event_tells_seat_holders_and_the_waiting_list_and_reminds_again(
    event, participant, manager, django_capture_on_commit_callbacks
):
    participant.language = "en"
    participant.save(update_fields=["language"])
    holder = register(event, participant)
    waiting = register(event, name="Wanda", email="wanda@example.org")
    guest = register(event, name="Gina", email="gina@example.org", confirm=False)
    assert (holder.status, waiting.status, guest.status) == ("confirmed", "waiting", "unconfirmed")
    holder.__class__.objects.filter(pk=holder.pk).update(reminder_sent_at=timezone.now())
    mail.outbox.clear()

    later = event.starts_at + timedelta(days=7)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, by=manager, starts_at=later, ends_at=later + timedelta(hours=2))

    assert sorted(m.to[0] for m in mail.outbox) == sorted([participant.email, "wanda@example.org"])
    assert all(m.subject.startswith("Changed:") for m in mail.outbox)
    holder.refresh_from_db()
    assert holder.reminder_sent_at is None


def test_a_new_room_or_address_is_told_but_a_new_description_is_not(
    event, participant, manager, django_capture_on_commit_callbacks
):
    register(event, participant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, by=manager, description="More about the programme.")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, by=manager, address="Marktplatz 2, Dortmund")
    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_drafts_change_quietly(lab, participant, manager, django_capture_on_commit_callbacks):
    event = EventFactory(lab=lab, status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, by=manager, address="Elsewhere 1")
    assert mail.outbox == []
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 0


def test_housekeeping_sends_due_reminders_once_and_releases_expired_offers(
    lab, participant, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    soon = EventFactory(
        lab=lab, starts_at=timezone.now() + timedelta(hours=20), ends_at=timezone.now() + timedelta(hours=22)
    )
    register(soon, participant)
    full = EventFactory(lab=lab, capacity=1, offer_hours=2)
    holder = register(full, name="Hanna", email="hanna@example.org")
    offered = register(full, name="Olaf", email="olaf@example.org")
    services.registration_cancel(registration=holder)
    offered.refresh_from_db()
    assert offered.status == RegistrationStatus.OFFERED
    offered.__class__.objects.filter(pk=offered.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("events_housekeeping", stdout=out)
    assert out.getvalue().strip().startswith("1 expired offers released, 1 reminders sent, ")
    offered.refresh_from_db()
    assert offered.status == RegistrationStatus.CANCELLED
    out = StringIO()
    call_command("events_housekeeping", stdout=out)
    assert out.getvalue().strip().startswith("0 expired offers released, 0 reminders sent, ")


def test_the_list_shows_past_events_newest_first_on_request(client, lab):
    now = timezone.now()
    old = EventFactory(
        lab=lab, title="Old", starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=30, hours=-2)
    )
    older = EventFactory(
        lab=lab, title="Older", starts_at=now - timedelta(days=60), ends_at=now - timedelta(days=60, hours=-2)
    )
    EventFactory(lab=lab, title="Coming")
    upcoming = client.get("/events/").context["page_obj"].object_list
    assert [e.title for e in upcoming] == ["Coming"]
    past = client.get("/events/?past=on").context["page_obj"].object_list
    assert [e.pk for e in past] == [old.pk, older.pk]


@pytest.mark.clock
def test_a_card_says_where_the_event_stands_not_seats_free_once_it_began(client, lab):
    """Seats are offered on a card only while people can register; before, the past list's cards
    said "20 seats free" of events long over."""
    now = timezone.now()
    hour = timedelta(hours=1)
    EventFactory(lab=lab, title="Over", starts_at=now - 3 * hour, ends_at=now - hour)
    EventFactory(lab=lab, title="Now", starts_at=now - hour, ends_at=now + hour)
    EventFactory(lab=lab, title="Closed", starts_at=now + 48 * hour, registration_closes_at=now - hour)
    EventFactory(lab=lab, title="Open", starts_at=now + 48 * hour)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def badges(query: str) -> dict[str, str]:
        page = client.get(f"/events/{query}").content.decode()
        found = {}
        for card in page.split('<li class="card">')[1:]:
            title = re.sub(r"<[^>]+>", "", card.split('<h3 class="card-title">')[1].split("</h3>")[0])
            found[title.strip()] = re.search(r'<span class="badge[^"]*">([^<]*)</span>', card).group(1)
        return found

    assert badges("?past=on") == {"Over": "Took place"}
    assert badges("") == {"Now": "Under way", "Closed": "Registration closed", "Open": "20 seats free"}
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    assert badges("?past=on") == {"Over": "Hat stattgefunden"}


def test_mails_follow_the_recipients_language(lab, django_capture_on_commit_callbacks):
    from kosilab.core.tests.factories import UserFactory

    event = EventFactory(lab=lab, title="Werkstatt", capacity=1)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        register(event, UserFactory(language="de"))
        register(event, name="Guest", email="guest@example.org", language="en")
    subjects = sorted(m.subject for m in mail.outbox)
    assert "Ihr Platz ist bestätigt: Werkstatt" in subjects
    assert "You are on the waiting list: Werkstatt" in subjects
