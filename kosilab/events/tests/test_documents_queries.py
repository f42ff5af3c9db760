"""Certificates, feedback results, exports and calendars answer with a fixed number of queries.

Each page is measured with 1 and with 50 rows of what grows on it (see kosilab/core/tests/queries.py).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kosilab.core.tests.queries import count, grow_and_measure
from kosilab.events.models import Answer, Feedback, Question, Registration, RegistrationStatus
from kosilab.events.tests.factories import EventFactory
from kosilab.rooms.models import Room

pytestmark = pytest.mark.django_db

# Session and user lookups included; the organiser pages add the role lookups of the permission check.
PINS = {
    "attendees_csv": 7,
    "attendees_xlsx": 7,
    "certificates": 5,
    "feedback_results": 5,
    "network_calendar": 1,
    "lab_calendar": 2,
    "certificate": 1,
}


@pytest.fixture
def past_event(lab):
    start = timezone.now() - timedelta(days=1)
    return EventFactory(lab=lab, starts_at=start, ends_at=start + timedelta(hours=3))


def _registrations(event, *, attended=True, answers=()):
    def grow(n):
        for _ in range(n):
            i = Registration.objects.count() + 1
            registration = Registration.objects.create(
                event=event,
                name=f"Person {i}",
                email=f"person{i}@example.org",
                status=RegistrationStatus.CONFIRMED,
                attended_at=timezone.now() if attended else None,
            )
            for question in answers:
                Answer.objects.create(registration=registration, question=question, value=f"=answer {i}")

    return grow


@pytest.mark.parametrize("page", ["attendees_csv", "attendees_xlsx"])
def test_exports(client, manager, past_event, page):
    questions = [Question.objects.create(event=past_event, label=f"Q{n}?", position=n) for n in range(2)]
    client.force_login(manager)
    suffix = page.rsplit("_", 1)[1]
    one, fifty = grow_and_measure(
        client, f"/events/{past_event.pk}/attendees.{suffix}", _registrations(past_event, answers=questions)
    )
    assert one == fifty == PINS[page]


def test_all_certificates(client, manager, past_event):
    client.force_login(manager)
    one, fifty = grow_and_measure(client, f"/events/{past_event.pk}/certificates.pdf", _registrations(past_event))
    assert one == fifty == PINS["certificates"]


def test_own_certificate(client, past_event):
    _registrations(past_event)(1)
    token = Registration.objects.get().token
    assert count(client, f"/events/r/{token}/certificate.pdf") == PINS["certificate"]


def test_feedback_results(client, manager, past_event):
    client.force_login(manager)
    grow_registrations = _registrations(past_event)

    def grow(n):
        grow_registrations(n)
        for registration in Registration.objects.filter(event=past_event, feedback__isnull=True):
            Feedback.objects.create(
                registration=registration, event=past_event, rating=4, usefulness=3, recommend=True, comment="Gut."
            )

    one, fifty = grow_and_measure(client, f"/events/{past_event.pk}/feedback/", grow)
    assert one == fifty == PINS["feedback_results"]


def _events(lab):
    def grow(n):
        for _ in range(n):
            room = Room.objects.create(lab=lab, name="Room", capacity=10, location="Markt 1")
            EventFactory(lab=lab, room=room)
            EventFactory(lab=None)

    return grow


def test_network_calendar(client, lab):
    one, fifty = grow_and_measure(client, "/events/calendar.ics", _events(lab))
    assert one == fifty == PINS["network_calendar"]


def test_lab_calendar(client, lab):
    one, fifty = grow_and_measure(client, f"/events/lab/{lab.slug}/calendar.ics", _events(lab))
    assert one == fifty == PINS["lab_calendar"]
