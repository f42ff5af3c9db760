"""Every event page answers with a fixed number of SQL queries, whatever the number of events or
registrations (1 and 50), for anonymous visitors and for a lab manager."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import UserFactory
from kosilab.core.tests.queries import count, grow_and_measure, login_if_manager
from kosilab.events.models import Answer, QuestionKind, Registration
from kosilab.events.tests.factories import EventFactory, QuestionFactory, register

pytestmark = pytest.mark.django_db

# (anonymous, lab manager); None: the page is not for anonymous visitors.
PINS = {
    "list": (3, 6),
    # The lab's team: +2 for the session planner's section (the person's process roles, the plans).
    "detail": (2, 8),
    "mine": (None, 5),
    "registration": (2, 5),
    # The event, the offers released, the tally of statuses, the questions, the page and its capped
    # count (keyset), the answers (+ session, user, roles): none of them grows with the registrations.
    "attendees": (None, 10),
    "edit": (None, 7),
}


@pytest.fixture
def setting(query_setting):
    return query_setting


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_event_list(client, setting, as_manager):
    login_if_manager(client, setting, as_manager)

    def grow(n):
        for i in range(n):
            event = EventFactory(lab=setting["lab"] if i % 2 else None, capacity=1)
            register(event, UserFactory())

    one, fifty = grow_and_measure(client, "/events/?kind=workshop", grow)
    assert (one, fifty) == (PINS["list"][as_manager],) * 2


def _event_with_questions(lab):
    event = EventFactory(lab=lab, capacity=10)
    QuestionFactory(event=event, kind=QuestionKind.CHOICE, choices="A\nB")
    QuestionFactory(event=event, kind=QuestionKind.YES_NO)
    return event


def _registrations(event):
    def grow(n):
        for _ in range(n):
            registration = register(event, UserFactory())
            Answer.objects.bulk_create(
                Answer(registration=registration, question=question, value="A") for question in event.questions.all()
            )

    return grow


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_event_page(client, setting, as_manager):
    event = _event_with_questions(setting["lab"])
    login_if_manager(client, setting, as_manager)
    one, fifty = grow_and_measure(client, f"/events/{event.pk}/", _registrations(event))
    assert (one, fifty) == (PINS["detail"][as_manager],) * 2


def test_my_registrations(client, setting):
    manager = setting["manager"]
    client.force_login(manager)

    def grow(n):
        for i in range(n):
            register(EventFactory(lab=setting["lab"] if i % 2 else None), manager)

    one, fifty = grow_and_measure(client, "/events/mine/", grow)
    assert (one, fifty) == (PINS["mine"][True],) * 2


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_registration_page(client, setting, as_manager):
    event = _event_with_questions(setting["lab"])
    mine = register(
        event, UserFactory(), answers={q.pk: "A" if q.kind == "choice" else "yes" for q in event.questions.all()}
    )
    login_if_manager(client, setting, as_manager)
    one, fifty = grow_and_measure(client, f"/events/r/{mine.token}/", _registrations(event))
    assert (one, fifty) == (PINS["registration"][as_manager],) * 2


def test_attendee_list(client, setting):
    event = _event_with_questions(setting["lab"])
    client.force_login(setting["manager"])
    one, fifty = grow_and_measure(client, f"/events/{event.pk}/attendees/", _registrations(event))
    assert (one, fifty) == (PINS["attendees"][True],) * 2
    assert Registration.objects.filter(event=event).count() == 50


def test_edit_page(client, setting):
    event = EventFactory(lab=setting["lab"])
    client.force_login(setting["manager"])

    def grow(n):
        for _ in range(n):
            QuestionFactory(event=event)
            register(event, UserFactory())

    one, fifty = grow_and_measure(client, f"/events/{event.pk}/edit/", grow)
    assert (one, fifty) == (PINS["edit"][True],) * 2


def test_attendee_page_stays_fixed_when_searching(client, setting):
    event = _event_with_questions(setting["lab"])
    _registrations(event)(5)
    client.force_login(setting["manager"])
    assert count(client, f"/events/{event.pk}/attendees/?q=person&status=active") == PINS["attendees"][True]
