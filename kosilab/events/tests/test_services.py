"""Every state of a registration, the waiting list, offers, check-in, reminders and the mails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry, OutboxMail
from kosilab.core.tests.factories import UserFactory
from kosilab.events import services
from kosilab.events.models import (
    Answer,
    Event,
    EventStatus,
    QuestionKind,
    Registration,
    RegistrationStatus,
    RegistrationTally,
)
from kosilab.events.tests.factories import EventFactory, QuestionFactory, register
from kosilab.rooms.models import Room
from kosilab.rooms.tests.factories import at, next_monday

pytestmark = pytest.mark.django_db

S = RegistrationStatus


@pytest.fixture(autouse=True)
def _english(participant):
    # Messages and mails in English; an account's mails follow its preferred language.
    participant.language = "en"
    participant.save(update_fields=["language"])
    with translation.override("en"):
        yield


@pytest.fixture
def mails(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the mail queue) of a block; returns the sent mails' subjects."""

    class Mails:
        def __call__(self):
            return django_capture_on_commit_callbacks(execute=True)

        @property
        def subjects(self):
            return [m.subject for m in mail.outbox]

    return Mails()


def seats(event: Event) -> int:
    event.refresh_from_db()
    return event.seats_taken


def test_a_user_gets_a_seat_then_the_waiting_list(participant, mails):
    event = EventFactory(capacity=1)
    with mails():
        first = register(event, participant)
        second = register(event, UserFactory(language="en"))
    assert first.status == S.CONFIRMED and first.confirmed_at is not None
    assert second.status == S.WAITING
    assert seats(event) == 1
    assert mail.outbox[0].to == [participant.email]
    assert mail.outbox[0].subject.startswith("Your seat is confirmed")
    assert first.code in mail.outbox[0].body
    assert mail.outbox[1].subject.startswith("You are on the waiting list")
    assert AuditEntry.objects.filter(action="events.registration.created").count() == 2


def test_the_mail_is_in_the_recipients_language():
    event = EventFactory(capacity=5)
    german = UserFactory(language="de")
    register(event, german, language="en")  # the account's language wins over the page's
    register(event, email="guest@example.org", language="en", confirm=False)
    written = OutboxMail.objects.order_by("pk").values_list("to", "language", "subject")
    assert [(to, language) for to, language, _subject in written] == [
        (german.email, "de"),
        ("guest@example.org", "en"),
    ]
    assert written[0][2].startswith("Ihr Platz ist bestätigt")
    assert Registration.objects.get(user=german).language == "de"


@pytest.mark.parametrize("seats_taken", [0, 1], ids=["thought-free-was-taken", "thought-full-was-freed"])
def test_the_mail_follows_the_seat_taken_not_the_event_as_read_before(seats_taken):
    """The mail of the likely outcome is rendered before the seat is taken (outside the event's
    lock); when the event changed in between, the mail says what the registration became."""
    event = EventFactory(capacity=1, seats_taken=seats_taken)
    read_before = Event.objects.get(pk=event.pk)
    Event.objects.filter(pk=event.pk).update(seats_taken=1 - seats_taken)  # another request, meanwhile
    registration = register(read_before, UserFactory(language="en"))
    expected = S.WAITING if seats_taken == 0 else S.CONFIRMED
    assert registration.status == expected
    assert Registration.objects.get(pk=registration.pk).status == expected
    [outbox] = OutboxMail.objects.all()
    assert outbox.subject.startswith(
        "You are on the waiting list" if expected == S.WAITING else "Your seat is confirmed"
    )
    assert seats(event) == 1
    stored = Registration.objects.get(pk=registration.pk)
    assert (stored.confirmed_at is None) == (expected == S.WAITING)
    assert AuditEntry.objects.get(action="events.registration.created").data["status"] == expected
    counted = dict(RegistrationTally.objects.filter(event=event, total__gt=0).values_list("status", "total"))
    assert counted == {expected: 1}


def test_a_duplicate_gives_back_the_seat_it_took(participant):
    event = EventFactory(capacity=5)
    register(event, participant)
    with pytest.raises(services.AlreadyRegistered):
        services.registration_create(event=Event.objects.get(pk=event.pk), user=participant)
    assert seats(event) == 1 and OutboxMail.objects.count() == 1


def test_registering_twice_returns_the_first_registration_and_no_second_seat(participant):
    event = EventFactory(capacity=5)
    first = register(event, participant)
    with pytest.raises(services.AlreadyRegistered) as raised:
        register(event, participant)
    assert raised.value.registration == first
    assert raised.value.message == "You are already registered for this event."
    assert seats(event) == 1
    assert Registration.objects.filter(event=event).count() == 1


def test_a_guest_gets_no_seat_until_the_email_is_confirmed(mails):
    event = EventFactory(capacity=1)
    with mails():
        guest = register(event, name="Gina Gast", email="Gina@Example.org", confirm=False)
    assert guest.status == S.UNCONFIRMED
    assert seats(event) == 0
    assert mail.outbox[0].subject.startswith("Please confirm your registration")
    assert f"/events/r/{guest.token}/confirm/" in mail.outbox[0].body
    with mails():
        confirmed = services.registration_confirm_email(registration=guest)
    assert confirmed.status == S.CONFIRMED
    assert seats(event) == 1
    # A second click on the link changes nothing.
    again = services.registration_confirm_email(registration=Registration.objects.get(pk=guest.pk))
    assert again.status == S.CONFIRMED
    assert seats(event) == 1


def test_a_guest_registering_again_gets_the_link_by_mail_and_no_second_row(mails):
    event = EventFactory()
    first = register(event, email="gina@example.org", confirm=False)
    mail.outbox.clear()
    with mails():
        again = register(event, email="GINA@example.org", confirm=False)
    assert again.pk == first.pk
    assert Registration.objects.filter(event=event).count() == 1
    assert mail.outbox[0].to == ["gina@example.org"]
    assert first.token in mail.outbox[0].body


def test_cancelling_gives_the_seat_to_the_first_waiting_at_once(mails):
    event = EventFactory(capacity=1, offer_hours=0)
    holder = register(event, UserFactory(language="en"))
    first_waiting = register(event, UserFactory(language="en"))
    second_waiting = register(event, UserFactory(language="en"))
    mail.outbox.clear()
    with mails():
        services.registration_cancel(registration=holder, by=None)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == S.CONFIRMED
    assert second_waiting.status == S.WAITING
    assert seats(event) == 1
    assert sorted(mails.subjects) == sorted(
        [f"A seat became free – it is yours: {event.title}", f"Your registration is cancelled: {event.title}"]
    )
    # Cancelling twice acts once.
    services.registration_cancel(registration=holder, by=None)
    second_waiting.refresh_from_db()
    assert second_waiting.status == S.WAITING
    assert seats(event) == 1


def test_with_offer_hours_the_freed_seat_is_offered_and_can_be_accepted(mails):
    event = EventFactory(capacity=1, offer_hours=12)
    holder = register(event, UserFactory(language="en"))
    waiting = register(event, UserFactory(language="en"))
    mail.outbox.clear()
    with mails():
        services.registration_cancel(registration=holder)
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED
    assert waiting.offer_expires_at > timezone.now() + timedelta(hours=11)
    assert seats(event) == 1  # the offer holds the seat
    assert any(s.startswith("A seat is free for you") for s in mails.subjects)
    with mails():
        accepted = services.offer_accept(registration=waiting)
    assert accepted.status == S.CONFIRMED
    assert seats(event) == 1
    assert services.offer_accept(registration=waiting).status == S.CONFIRMED  # second click


def test_an_expired_offer_goes_to_the_next_in_line(mails):
    event = EventFactory(capacity=1, offer_hours=2)
    holder = register(event, UserFactory(language="en"))
    late = register(event, UserFactory(language="en"))
    next_one = register(event, UserFactory(language="en"))
    services.registration_cancel(registration=holder)
    late.refresh_from_db()
    assert late.status == S.OFFERED
    mail.outbox.clear()
    with mails():
        released = services.offers_release_expired(event=event, now=timezone.now() + timedelta(hours=3))
    assert released == 1
    late.refresh_from_db()
    next_one.refresh_from_db()
    assert late.status == S.CANCELLED
    assert next_one.status == S.OFFERED
    assert seats(event) == 1
    assert any(s.startswith("The offered seat has gone") for s in mails.subjects)
    with pytest.raises(DomainError, match="no longer open"):
        services.offer_accept(registration=late)


def test_accepting_after_expiry_is_refused(monkeypatch):
    event = EventFactory(capacity=1, offer_hours=1)
    holder = register(event, UserFactory(language="en"))
    waiting = register(event, UserFactory(language="en"))
    services.registration_cancel(registration=holder)
    Registration.objects.filter(pk=waiting.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(DomainError, match="This offer is no longer open"):
        services.offer_accept(registration=waiting)
    waiting.refresh_from_db()
    assert waiting.status == S.CANCELLED
    assert seats(event) == 0


def test_cancelling_a_waiting_registration_moves_nobody():
    event = EventFactory(capacity=1)
    holder = register(event, UserFactory(language="en"))
    waiting = register(event, UserFactory(language="en"))
    services.registration_cancel(registration=waiting)
    holder.refresh_from_db()
    assert holder.status == S.CONFIRMED
    assert seats(event) == 1


def test_no_cancellation_after_the_start():
    event = EventFactory()
    registration = register(event, UserFactory(language="en"))
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    with pytest.raises(DomainError, match="already started"):
        services.registration_cancel(registration=registration)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": EventStatus.DRAFT}, "This event has not been published yet."),
        ({"status": EventStatus.CANCELLED}, "This event has been cancelled."),
        ({"registration_closes_at": timezone.now() - timedelta(minutes=1)}, "Registration for this event has closed."),
    ],
)
def test_no_registration_when_closed(participant, changes, message):
    event = EventFactory(**changes)
    with pytest.raises(DomainError) as raised:
        register(event, participant)
    assert raised.value.message == message
    assert not Registration.objects.exists()


def test_no_registration_for_a_past_event(participant):
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    event.refresh_from_db()
    with pytest.raises(DomainError, match="already started or is over"):
        register(event, participant)


def test_answers_are_checked_and_stored(participant):
    event = EventFactory()
    food = QuestionFactory(event=event, kind=QuestionKind.CHOICE, choices="Vegan\nVegetarian\nAnything", required=True)
    photo = QuestionFactory(event=event, kind=QuestionKind.YES_NO)
    note = QuestionFactory(event=event, kind=QuestionKind.TEXT)
    with pytest.raises(DomainError) as missing:
        register(event, participant, answers={photo.pk: "yes"})
    assert (missing.value.field, missing.value.message) == (f"question_{food.pk}", "Please answer this question.")
    with pytest.raises(DomainError, match="Choose one of the offered answers"):
        register(event, participant, answers={food.pk: "Meat"})
    with pytest.raises(DomainError, match="Answer yes or no"):
        register(event, participant, answers={food.pk: "Vegan", photo.pk: "maybe"})
    assert not Registration.objects.exists()
    registration = register(event, participant, answers={food.pk: "Vegan", photo.pk: "no", note.pk: "  "})
    assert dict(Answer.objects.filter(registration=registration).values_list("question_id", "value")) == {
        food.pk: "Vegan",
        photo.pk: "no",
    }


def test_check_in_and_undo(manager):
    event = EventFactory(starts_at=timezone.now() + timedelta(minutes=30))
    registration = register(event, UserFactory(language="en"))
    checked = services.registration_check_in(registration=registration, by=manager)
    assert checked.attended_at is not None
    undone = services.registration_check_in(registration=registration, by=manager, attended=False)
    assert undone.attended_at is None
    by_code = services.registration_check_in_by_code(event=event, code=f" {registration.code.lower()} ", by=manager)
    assert by_code.attended_at is not None


def test_check_in_refuses_unknown_codes_and_waiting_people(manager):
    event = EventFactory(capacity=1, starts_at=timezone.now() + timedelta(minutes=30))
    register(event, UserFactory(language="en"))
    waiting = register(event, UserFactory(language="en"))
    with pytest.raises(DomainError, match="No registration for this event has this code"):
        services.registration_check_in_by_code(event=event, code="NOPE", by=manager)
    with pytest.raises(DomainError, match="not confirmed"):
        services.registration_check_in_by_code(event=event, code=waiting.code, by=manager)
    other = EventFactory(starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(DomainError, match="No registration"):
        services.registration_check_in_by_code(event=other, code=waiting.code, by=manager)


def test_reminders_are_sent_once_to_confirmed_people_a_day_before(mails):
    soon = EventFactory(capacity=1, starts_at=timezone.now() + timedelta(hours=20))
    later = EventFactory(starts_at=timezone.now() + timedelta(days=3))
    confirmed = register(soon, UserFactory(language="en"))
    register(soon, UserFactory(language="en"))  # waiting: no reminder
    register(later, UserFactory(language="en"))  # not due yet
    mail.outbox.clear()
    with mails():
        assert services.reminders_send_due() == 1
    assert [m.to for m in mail.outbox] == [[confirmed.email]]
    assert mail.outbox[0].subject == f"Reminder: {soon.title} is tomorrow"
    with mails():
        assert services.reminders_send_due() == 0
        assert services.reminder_send(registration_id=confirmed.pk) is False
    assert len(mail.outbox) == 1


def test_the_reminder_task_sends_once(mails):
    from kosilab.events.tasks import send_reminder

    event = EventFactory(starts_at=timezone.now() + timedelta(hours=10))
    registration = register(event, UserFactory(language="en"))
    mail.outbox.clear()
    with mails():
        send_reminder.call(registration_id=registration.pk)
        send_reminder.call(registration_id=registration.pk)
    assert len(mail.outbox) == 1


def test_the_expiry_task_releases_expired_offers():
    from kosilab.events.tasks import expire_offers

    event = EventFactory(capacity=1, offer_hours=1)
    holder = register(event, UserFactory(language="en"))
    waiting = register(event, UserFactory(language="en"))
    services.registration_cancel(registration=holder)
    Registration.objects.filter(pk=waiting.pk).update(offer_expires_at=timezone.now() - timedelta(seconds=1))
    assert expire_offers.call(event_id=event.pk) == 1
    assert seats(event) == 0
    assert services.offers_expire_due() == 0


def test_event_create_update_publish_and_sequence(lab, manager):
    start = at(next_monday(), 10)
    room = Room.objects.create(lab=lab, name="Saal", capacity=30, location="EG")
    event = services.event_create(
        lab=lab,
        by=manager,
        title="Werkstatt",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        capacity=10,
        room=room,
    )
    assert event.status == EventStatus.DRAFT
    assert event.organiser == lab.name
    assert event.sequence == 0
    event = services.event_update(event=event, by=manager, title="Werkstatt 2", capacity=12)
    assert (event.title, event.capacity, event.sequence) == ("Werkstatt 2", 12, 1)
    event = services.event_publish(event=event, by=manager)
    assert event.status == EventStatus.PUBLISHED
    assert event.sequence == 2
    with pytest.raises(DomainError, match="Only a draft"):
        services.event_publish(event=event, by=manager)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ends_at_offset": -1}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"address": ""}, "address"),
        ({"offer_hours": 1000}, "offer_hours"),
    ],
)
def test_event_create_refuses_bad_values(lab, manager, values, field):
    start = timezone.now() + timedelta(days=10)
    data = {
        "title": "Werkstatt",
        "starts_at": start,
        "ends_at": start + timedelta(hours=values.pop("ends_at_offset", 2)),
        "capacity": 10,
        "address": "Markt 1",
        **values,
    }
    with pytest.raises(DomainError) as raised:
        services.event_create(lab=lab, by=manager, **data)
    assert raised.value.field == field
    assert not Event.objects.exists()


def test_a_room_of_another_lab_is_refused(lab, other_lab, manager):
    room = Room.objects.create(lab=other_lab, name="Fremd", capacity=30, location="EG")
    start = timezone.now() + timedelta(days=10)
    with pytest.raises(DomainError, match="Choose one of the lab's rooms"):
        services.event_create(
            lab=lab,
            by=manager,
            title="X y z",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            capacity=5,
            room=room,
        )


def test_capacity_cannot_go_below_seats_taken_and_more_seats_fill_from_the_waiting_list(manager):
    event = EventFactory(capacity=2)
    register(event, UserFactory(language="en"))
    register(event, UserFactory(language="en"))
    waiting = register(event, UserFactory(language="en"))
    with pytest.raises(DomainError) as raised:
        services.event_update(event=event, by=manager, capacity=1)
    assert raised.value.field == "capacity"
    services.event_update(event=event, by=manager, capacity=3)
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert seats(event) == 3


def test_cancelling_an_event_cancels_and_tells_everyone(manager, mails):
    event = EventFactory(capacity=1)
    confirmed = register(event, UserFactory(language="en"))
    waiting = register(event, UserFactory(language="en"))
    register(event, email="nobody@example.org", confirm=False)  # never confirmed: no mail
    mail.outbox.clear()
    with mails():
        services.event_cancel(event=event, by=manager, reason="The room is flooded.")
    assert event.status == EventStatus.CANCELLED
    assert seats(event) == 0
    assert set(Registration.objects.filter(event=event).values_list("status", flat=True)) == {S.CANCELLED}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.email, waiting.email])
    assert "The room is flooded." in mail.outbox[0].body
    with pytest.raises(DomainError, match="already been cancelled"):
        services.event_cancel(event=event, by=manager)
    with pytest.raises(DomainError, match="cannot be changed"):
        services.event_update(event=event, by=manager, title="Again")


def test_questions_add_update_delete(manager):
    event = EventFactory()
    with pytest.raises(DomainError, match="at least two choices"):
        services.question_add(event=event, by=manager, label="Food?", kind=QuestionKind.CHOICE, choices="Vegan")
    question = services.question_add(event=event, by=manager, label="Food?", kind=QuestionKind.CHOICE, choices="A\nB")
    question = services.question_update(question=question, by=manager, kind=QuestionKind.TEXT, label="Food")
    assert question.choices == ""
    services.question_delete(question=question, by=manager)
    assert not event.questions.exists()


def test_seats_never_exceed_capacity_in_the_database():
    from django.db import IntegrityError, transaction

    event = EventFactory(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(seats_taken=2)


def test_an_account_does_not_take_over_a_guest_registration_of_its_address(mails):
    event = EventFactory()
    guest = register(event, email="shared@example.org")
    mail.outbox.clear()
    account = UserFactory(email="shared@example.org", email_confirmed_at=None)
    with mails(), pytest.raises(DomainError, match="We have sent you the link again"):
        register(event, account)
    assert [m.to for m in mail.outbox] == [["shared@example.org"]]
    assert guest.token in mail.outbox[0].body
    assert Registration.objects.filter(event=event).count() == 1
