"""Writes for events, their questions, registrations, the waiting list and check-in.

No overbooking, ever. ``Event.seats_taken`` counts the CONFIRMED and OFFERED registrations and
moves only by conditional updates (``_take_seat`` / ``_release_seat``): the UPDATE that adds a seat
matches only while ``seats_taken < capacity``; one row updated means "you got a seat", none means
"full". On PostgreSQL the UPDATE locks the event row until the transaction ends, so competing
registrations queue on it and re-check the condition; on SQLite every write transaction is
serialised (``transaction_mode=IMMEDIATE``). A check constraint refuses any value above the
capacity, should a bug ever try.

One person, one registration: partial unique constraints on (event, e-mail) and (event, account)
for active registrations. A double click inserts its row in a savepoint; the loser's insert fails
with IntegrityError *before* it takes a seat, so a duplicate never holds one.

A freed seat goes to the first on the waiting list (lowest id), exactly once: the promotion runs in
the same transaction as the release, takes the seat by the same conditional update and moves the
waiting registration by a conditional update on its status.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kosilab.accounts.types import User, Viewer, account
from kosilab.core.audit import log_action
from kosilab.core.content_languages import translation_field_names
from kosilab.core.errors import DomainError
from kosilab.core.mail import PreparedMail, prepare_mail, site_url, store_mail
from kosilab.core.tasks import enqueue_with_transaction
from kosilab.events.documents import feedback
from kosilab.events.models import (
    ACTIVE_STATUSES,
    SEAT_STATUSES,
    Answer,
    Event,
    EventStatus,
    Feedback,
    Question,
    QuestionKind,
    Registration,
    RegistrationStatus,
    new_token,
)

EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "room",
    "address",
    "latitude",
    "longitude",
    "online_url",
    "capacity",
    "registration_closes_at",
    "offer_hours",
    "credit_hours",
    "organiser",
    "process",
    *translation_field_names(Event),
)
# Translations are kept in one column (kosilab/core/content_languages.py): that column is saved.
TRANSLATION_FIELDS = frozenset(translation_field_names(Event))
QUESTION_FIELDS = ("position", "kind", "label", "choices", "required")
YES, NO = "yes", "no"
# The reminder goes out a day before; a deferred task may run a little late, hence the wider window.
REMINDER_BEFORE = timedelta(hours=24)
REMINDER_WINDOW = timedelta(hours=36)
MAX_OFFER_HOURS = 24 * 14
MAX_CAPACITY = 100_000


class AlreadyRegistered(DomainError):
    """The person already holds an active registration for the event (double click, retry)."""

    def __init__(self, registration: Registration) -> None:
        super().__init__(_("You are already registered for this event."))
        self.registration = registration


# --- Links and mails ---------------------------------------------------------------------------


def registration_link(*, registration: Registration, name: str = "registration") -> str:
    return site_url() + reverse(f"events:{name}", args=[registration.token])


def _mail(registration: Registration, template: str, event: Event | None = None, **extra: Any) -> None:
    store_mail(_prepared_mail(registration, template, event, **extra))


def _prepared_mail(registration: Registration, template: str, event: Event | None = None, **extra: Any) -> PreparedMail:
    event = event or registration.event
    context = {
        "registration": registration,
        "event": event,
        "link": registration_link(registration=registration),
        "cancel_link": registration_link(registration=registration, name="cancel"),
        "event_link": site_url() + event.get_absolute_url(),
        **extra,
    }
    return prepare_mail(
        to=registration.email,
        language=registration.language,
        template=f"events/mail/{template}",
        context=context,
    )


def _schedule(task: Any, run_after: datetime, **kwargs: Any) -> None:
    """Enqueue a task for later, with the transaction, if the task backend can defer (tests' cannot)."""
    enqueue_with_transaction(task, when=run_after, what=f"{task.name} {kwargs}", **kwargs)


def _schedule_reminder(registration: Registration, event: Event) -> None:
    from kosilab.events.tasks import send_reminder

    if event.starts_at - REMINDER_BEFORE <= timezone.now():
        return  # less than a day ahead: the confirmation itself is the reminder
    _schedule(send_reminder, event.starts_at - REMINDER_BEFORE, registration_id=registration.pk)


def _schedule_offer_expiry(event: Event, expires_at: datetime) -> None:
    from kosilab.events.tasks import expire_offers

    _schedule(expire_offers, expires_at, event_id=event.pk)


# --- Seats -------------------------------------------------------------------------------------


def _take_seat(event_id: int) -> bool:
    """One seat, if one is free. Must run inside a transaction."""
    return bool(
        Event.objects.filter(pk=event_id, seats_taken__lt=F("capacity")).update(seats_taken=F("seats_taken") + 1)
    )


def _release_seat(event_id: int) -> None:
    Event.objects.filter(pk=event_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def _fill_free_seats(event: Event, now: datetime) -> int:
    """Give free seats to the waiting list in order (confirm at once, or offer). Returns how many moved.

    Runs inside the transaction that freed the seat. Each move takes the seat by a conditional
    update and moves the registration only if it is still waiting, so it happens exactly once.
    """
    if event.status != EventStatus.PUBLISHED or event.starts_at <= now:
        return 0
    moved = 0
    while True:
        waiting = Registration.objects.filter(event_id=event.pk, status=RegistrationStatus.WAITING).order_by("id")
        candidate = waiting.first()
        if candidate is None or not _take_seat(event.pk):
            return moved
        if event.offer_hours:
            expires = now + timedelta(hours=event.offer_hours)
            changes: dict[str, Any] = {"status": RegistrationStatus.OFFERED, "offer_expires_at": expires}
        else:
            changes = {"status": RegistrationStatus.CONFIRMED, "confirmed_at": now}
        if not Registration.objects.filter(pk=candidate.pk, status=RegistrationStatus.WAITING).update(**changes):
            _release_seat(event.pk)  # cancelled meanwhile: give the seat back and try the next one
            continue
        for field, value in changes.items():
            setattr(candidate, field, value)
        moved += 1
        if event.offer_hours:
            log_action("events.registration.offered", actor=None, target=event, data={"registration": candidate.pk})
            _mail(candidate, "offer", event)
            _schedule_offer_expiry(event, changes["offer_expires_at"])
        else:
            log_action("events.registration.promoted", actor=None, target=event, data={"registration": candidate.pk})
            _mail(candidate, "seat_given", event)
            _schedule_reminder(candidate, event)


# --- Events ------------------------------------------------------------------------------------


def _check_event(event: Event) -> None:
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        raise DomainError(_("The event must end after it starts."), field="ends_at")
    if event.registration_closes_at and event.starts_at and event.registration_closes_at > event.starts_at:
        raise DomainError(_("Registration must close before the event starts."), field="registration_closes_at")
    if event.capacity is None or event.capacity < 1 or event.capacity > MAX_CAPACITY:
        raise DomainError(_("Enter a number of seats between 1 and 100000."), field="capacity")
    if event.capacity < event.seats_taken:
        raise DomainError(
            _("There are already %(taken)s seats taken; the number of seats cannot be lower.")
            % {"taken": event.seats_taken},
            field="capacity",
        )
    if event.offer_hours > MAX_OFFER_HOURS:
        raise DomainError(_("An offer can stay open for at most 336 hours (two weeks)."), field="offer_hours")
    if event.credit_hours is not None and not (Decimal(0) < event.credit_hours <= Decimal(100)):
        raise DomainError(_("Enter between 0.5 and 100 hours."), field="credit_hours")
    room = event.room if event.room_id is not None else None
    if room is not None and (room.lab_id != event.lab_id or not room.is_active):
        raise DomainError(_("Choose one of the lab's rooms."), field="room")
    process = event.process if event.process_id is not None else None
    if process is not None and process.lab_id != event.lab_id:
        raise DomainError(_("Choose one of the lab's processes."), field="process")
    if not (event.room_id or event.address.strip() or event.online_url):
        raise DomainError(_("Say where the event takes place: a room, an address or an online link."), field="address")


def event_create(
    *, lab: Any, by: Viewer | None, organising_lab: Any = None, co_organisers: Iterable[Any] = (), **values: Any
) -> Event:
    """A new event of ``lab`` (None: of the network of labs, organised by ``organising_lab`` and the
    ``co_organisers``), as a draft."""
    # (An empty translation is not stored: TranslatedModelMixin drops it when the event is saved.)
    fields = {k: v for k, v in values.items() if k in EVENT_FIELDS}
    if not fields.get("organiser"):
        fields["organiser"] = lab.name if lab is not None else _("Network of labs")
    if lab is None:
        fields["organising_lab"] = organising_lab
    event = Event(lab=lab, created_by=account(by), status=EventStatus.DRAFT, **fields)
    _check_event(event)
    event.full_clean()
    with transaction.atomic():
        event.save()
        if lab is None:
            event.co_organisers.set(_co_organisers(event, co_organisers))
        _reserve_room(event, by, before=None)
        log_action("events.event.created", actor=by, target=event, lab=lab)
    return event


# What the event's room booking follows.
ROOM_FIELDS = ("room", "starts_at", "ends_at")


def _reserve_room(event: Event, by: Viewer | None, *, before: tuple[Any, datetime, datetime] | None) -> None:
    """Book the event's room for its time, in the same transaction: a busy room refuses the event.

    ``before`` is (room id, start, end) as they were: the booking made for that is cancelled first.
    Bookings made by hand for the event (set-up time, resources) are left alone.
    """
    from kosilab.rooms import services as rooms
    from kosilab.rooms.models import Booking, BookingStatus

    if before is not None and before[0] is not None:
        room_id, starts_at, ends_at = before
        held = Booking.objects.filter(
            event=event, room_id=room_id, starts_at=starts_at, ends_at=ends_at, status=BookingStatus.CONFIRMED
        ).first()
        if held is not None and held.ends_at > timezone.now():
            rooms.booking_cancel(booking=held, by=by)
    if event.room_id is None or event.lab is None or event.status == EventStatus.CANCELLED:
        return  # rooms belong to labs: a network event has none
    try:
        rooms.booking_create(
            lab=event.lab,
            room=event.room,
            purpose=event.title,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            by=by,
            event=event,
            process=event.process,
        )
    except DomainError as error:
        raise DomainError(error.message, field="room") from None


def _co_organisers(event: Event, labs: Iterable[Any]) -> list[Any]:
    """The co-organising labs of a network event, without its organising lab."""
    return [lab for lab in labs if lab is not None and lab.pk != event.organising_lab_id]


def event_update(
    *, event: Event, by: Viewer | None, co_organisers: Iterable[Any] | None = None, **values: Any
) -> Event:
    """Change an event. Raises the iCal sequence; a higher capacity fills seats from the waiting list.
    ``organising_lab`` and ``co_organisers`` are changed only for an event of the network."""
    with transaction.atomic():
        stored = Event.objects.select_for_update().get(pk=event.pk)
        before = (stored.room_id, stored.starts_at, stored.ends_at)
        fields = EVENT_FIELDS + (("organising_lab",) if stored.lab_id is None else ())
        changed = [f for f in fields if f in values and getattr(stored, f) != values[f]]
        for field in changed:
            setattr(stored, field, values[field])
        if stored.lab_id is None and co_organisers is not None:
            wanted = {lab.pk for lab in _co_organisers(stored, co_organisers)}
            if wanted != set(stored.co_organisers.values_list("pk", flat=True)):
                stored.co_organisers.set(wanted)
                log_action("events.event.co_organisers_set", actor=by, target=stored, data={"labs": sorted(wanted)})
        if not stored.organiser:
            stored.organiser = stored.lab.name if stored.lab is not None else _("Network of labs")
        if stored.status == EventStatus.CANCELLED:
            raise DomainError(_("A cancelled event cannot be changed."))
        _check_event(stored)
        stored.full_clean()
        if not changed:
            return stored
        stored.sequence += 1
        # seats_taken is not written from here: only the conditional updates move it.
        columns = dict.fromkeys("i18n" if f in TRANSLATION_FIELDS else f for f in changed)
        stored.save(update_fields=[*columns, "sequence", "updated_at"])
        if set(changed) & set(ROOM_FIELDS):
            _reserve_room(stored, by, before=before)
        log_action("events.event.updated", actor=by, target=stored, data={"fields": changed})
        if "capacity" in changed or "starts_at" in changed:
            _fill_free_seats(stored, timezone.now())
        if stored.status == EventStatus.PUBLISHED and set(changed) & set(ATTENDEE_FIELDS):
            _tell_attendees_of_change(stored, [f for f in changed if f in ATTENDEE_FIELDS])
    stored.refresh_from_db()
    return stored


# What attendees are told about when it changes: when and where.
ATTENDEE_FIELDS = ("starts_at", "ends_at", "room", "address", "online_url")


def _tell_attendees_of_change(event: Event, changed: list[str]) -> None:
    """Mail everyone holding a seat or waiting; a moved event gets its reminder again at the new time."""
    registrations = list(
        Registration.objects.filter(event=event, status__in=[*SEAT_STATUSES, RegistrationStatus.WAITING]).order_by("id")
    )
    moved = "starts_at" in changed
    if moved:
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(reminder_sent_at=None)
    for registration in registrations:
        _mail(registration, "event_changed", event, moved=moved)
        if moved and registration.status == RegistrationStatus.CONFIRMED:
            _schedule_reminder(registration, event)


def event_publish(*, event: Event, by: Viewer | None) -> Event:
    if event.starts_at <= timezone.now():
        raise DomainError(_("An event in the past cannot be published."))
    with transaction.atomic():
        if not Event.objects.filter(pk=event.pk, status=EventStatus.DRAFT).update(
            status=EventStatus.PUBLISHED, sequence=F("sequence") + 1
        ):
            raise DomainError(_("Only a draft can be published."))
        log_action("events.event.published", actor=by, target=event)
    event.refresh_from_db()
    return event


def event_cancel(*, event: Event, by: Viewer | None, reason: str = "") -> Event:
    """Cancel the event: every active registration is cancelled and told by e-mail."""
    now = timezone.now()
    with transaction.atomic():
        if (
            not Event.objects.filter(pk=event.pk)
            .exclude(status=EventStatus.CANCELLED)
            .update(status=EventStatus.CANCELLED, sequence=F("sequence") + 1, seats_taken=0)
        ):
            raise DomainError(_("This event has already been cancelled."))
        event.refresh_from_db()
        _reserve_room(event, by, before=(event.room_id, event.starts_at, event.ends_at))
        active = list(Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES).order_by("id"))
        Registration.objects.filter(pk__in=[r.pk for r in active]).update(
            status=RegistrationStatus.CANCELLED, cancelled_at=now
        )
        for registration in active:
            if registration.status != RegistrationStatus.UNCONFIRMED:
                _mail(registration, "event_cancelled", event, reason=reason.strip()[:1000])
        log_action("events.event.cancelled", actor=by, target=event, data={"registrations": len(active)})
    return event


# --- Questions ---------------------------------------------------------------------------------


def _check_question(question: Question) -> None:
    if not question.label.strip():
        raise DomainError(_("Enter the question."), field="label")
    if question.kind == QuestionKind.CHOICE and len(question.choice_list) < 2:
        raise DomainError(_("A choice question needs at least two choices, one per line."), field="choices")
    if question.kind != QuestionKind.CHOICE:
        question.choices = ""


def question_add(*, event: Event, by: Viewer | None, **values: Any) -> Question:
    question = Question(event=event, **{k: v for k, v in values.items() if k in QUESTION_FIELDS})
    _check_question(question)
    question.full_clean()
    with transaction.atomic():
        question.save()
        log_action("events.question.added", actor=by, target=event, data={"question": question.pk})
    return question


def question_update(*, question: Question, by: Viewer | None, **values: Any) -> Question:
    changed = [f for f in QUESTION_FIELDS if f in values and getattr(question, f) != values[f]]
    for field in changed:
        setattr(question, field, values[field])
    _check_question(question)
    question.full_clean()
    with transaction.atomic():
        question.save()
        log_action("events.question.updated", actor=by, target=question.event, data={"fields": changed})
    return question


def question_delete(*, question: Question, by: Viewer | None) -> None:
    with transaction.atomic():
        log_action("events.question.deleted", actor=by, target=question.event, data={"label": question.label})
        question.delete()


# --- Registration ------------------------------------------------------------------------------


def registration_closed_reason(*, event: Event, now: datetime | None = None) -> str:
    """Why nobody can register now, or "" if registration is open."""
    now = now or timezone.now()
    if event.status == EventStatus.DRAFT:
        return _("This event has not been published yet.")
    if event.status == EventStatus.CANCELLED:
        return _("This event has been cancelled.")
    timing = event.timing_at(now)
    if timing in ("over", "under_way"):
        return _("This event has already started or is over.")
    if timing == "closed":
        return _("Registration for this event has closed.")
    return ""


def answers_clean(*, questions: list[Question], answers: dict[int, str]) -> dict[int, str]:
    """The answers to keep, by question id. Raises DomainError for a missing or invalid answer."""
    kept: dict[int, str] = {}
    for question in questions:
        value = str(answers.get(question.pk, "") or "").strip()
        field = f"question_{question.pk}"
        if not value:
            if question.required:
                raise DomainError(_("Please answer this question."), field=field)
            continue
        if question.kind == QuestionKind.CHOICE and value not in question.choice_list:
            raise DomainError(_("Choose one of the offered answers."), field=field)
        if question.kind == QuestionKind.YES_NO and value not in (YES, NO):
            raise DomainError(_("Answer yes or no."), field=field)
        if len(value) > 2000:
            raise DomainError(_("Please answer in at most 2000 characters."), field=field)
        kept[question.pk] = value
    return kept


def _place(registration: Registration, event: Event, now: datetime) -> Registration:
    """A seat if one is free, otherwise the waiting list; with the matching mail."""
    if _take_seat(event.pk):
        Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.CONFIRMED, confirmed_at=now)
        registration.status, registration.confirmed_at = RegistrationStatus.CONFIRMED, now
    else:
        Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.WAITING, confirmed_at=None)
        registration.status, registration.confirmed_at = RegistrationStatus.WAITING, None
    _placed(registration, event)
    return registration


PLACED_MAILS = {RegistrationStatus.CONFIRMED: "confirmed", RegistrationStatus.WAITING: "waiting"}


def _placed(registration: Registration, event: Event, prepared: PreparedMail | None = None) -> None:
    """The mail of a seat or of a place on the waiting list (``prepared`` if it was rendered for the
    status the registration has), and the reminder of a seat."""
    template = PLACED_MAILS[RegistrationStatus(registration.status)]
    if prepared is not None and prepared.template == f"events/mail/{template}":
        store_mail(prepared)
    else:
        _mail(registration, template, event)
    if registration.status == RegistrationStatus.CONFIRMED:
        _schedule_reminder(registration, event)


class _OtherOutcome(Exception):
    """The event filled up, or a seat became free, since it was read (see :func:`_seat_last`)."""


def _seat_last(registration: Registration, event: Event, prepared: PreparedMail, now: datetime) -> None:
    """Place a new registration, written with the likely outcome: its mail, reminder and log entry
    first, the seat last. Taking a seat locks the event's row until the commit and every registration
    for the event waits for that lock, so it is held for the commit only, not for the writes before.

    If the seat does not go as expected, the savepoint takes all of it back and the registration is
    placed the careful way (:func:`_place`: the seat first, then the rest). The database decides the
    seat either way: the conditional update of ``seats_taken`` never lets it pass the capacity."""
    expected = registration.status == RegistrationStatus.CONFIRMED
    try:
        with transaction.atomic():
            _placed(registration, event, prepared)
            _log_registration(registration)
            if _take_seat(event.pk) != expected:
                raise _OtherOutcome
    except _OtherOutcome:
        _place(registration, event, now)
        _log_registration(registration)


def _log_registration(registration: Registration) -> None:
    """A guest's registration is "requested" (until the mail's link is clicked), an account's "created"."""
    user = registration.user
    log_action(
        "events.registration.requested" if user is None else "events.registration.created",
        actor=user,
        target=registration.event,
        data={"registration": registration.pk, "status": registration.status},
    )


def _active_of(event: Event, *, user: User | None, email: str) -> Registration | None:
    match = Q(email__iexact=email)
    if user is not None:
        match |= Q(user=user)
    return Registration.objects.filter(match, event=event, status__in=ACTIVE_STATUSES).order_by("id").first()


def registration_create(
    *,
    event: Event,
    user: User | None,
    name: str = "",
    email: str = "",
    language: str = "",
    answers: dict[int, str] | None = None,
) -> Registration:
    """Register for an event.

    With an account: at once a seat (CONFIRMED) or a place on the waiting list (WAITING).
    Raises :class:`AlreadyRegistered` if the person is registered already.

    As a guest (``user`` None): UNCONFIRMED, without a seat, and a mail with the confirmation
    link. A guest whose e-mail is registered already gets their link again by e-mail; the caller
    cannot tell the two cases apart, so nobody learns who is registered.
    """
    now = timezone.now()
    reason = registration_closed_reason(event=event, now=now)
    if reason:
        raise DomainError(reason)
    if user is not None:
        name, email, language = user.name, user.email, getattr(user, "language", "") or language
    name, email = name.strip(), email.strip()
    if not name or len(name) > 150:
        raise DomainError(_("Enter your name (at most 150 characters)."), field="name")
    if not email or "@" not in email or len(email) > 254:
        raise DomainError(_("Enter a valid e-mail address."), field="email")
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    kept = answers_clean(questions=list(event.questions.all()), answers=answers or {})
    offers_release_expired(event=event, now=now)

    registration = Registration(event=event, user=user, name=name, email=email, language=language)
    if user is None:
        registration.status = RegistrationStatus.UNCONFIRMED
    else:
        # The likely outcome, as the event was read: its mail is rendered now, outside any lock.
        registration.status = (
            RegistrationStatus.CONFIRMED if event.seats_taken < event.capacity else RegistrationStatus.WAITING
        )
        registration.confirmed_at = now if registration.status == RegistrationStatus.CONFIRMED else None
        prepared = _prepared_mail(registration, PLACED_MAILS[registration.status], event)
    duplicate: Registration | None = None
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a duplicate fails here
                registration.save(force_insert=True)
        except IntegrityError:
            duplicate = _active_of(event, user=user, email=email)
            if duplicate is None:  # the other request was rolled back after all
                raise DomainError(_("Please try again.")) from None
            if user is not None and duplicate.user_id == user.pk:
                raise AlreadyRegistered(duplicate) from None
            # The address is registered already: its link goes to that mailbox again, and to nobody else.
            _mail(duplicate, "already_registered", event)
        else:
            Answer.objects.bulk_create(
                Answer(registration=registration, question_id=q, value=v) for q, v in kept.items()
            )
            if user is None:
                _mail(
                    registration,
                    "confirm_email",
                    event,
                    confirm_link=registration_link(registration=registration, name="confirm"),
                )
                _log_registration(registration)
            else:
                _seat_last(registration, event, prepared, now)
    if duplicate is None:
        return registration
    if user is not None:
        # An account whose address was registered as a guest: the registration stays with the mailbox.
        raise DomainError(
            _("Your e-mail address is already registered for this event. We have sent you the link again.")
        )
    return duplicate


def registration_confirm_email(*, registration: Registration) -> Registration:
    """A guest clicked the link in the mail: a seat or the waiting list. A second click changes nothing."""
    now = timezone.now()
    event = Event.objects.get(pk=registration.event_id)
    if registration.status == RegistrationStatus.UNCONFIRMED:
        reason = registration_closed_reason(event=event, now=now)
        if reason:
            raise DomainError(reason)
        offers_release_expired(event=event, now=now)
    with transaction.atomic():
        if not Registration.objects.filter(pk=registration.pk, status=RegistrationStatus.UNCONFIRMED).update(
            status=RegistrationStatus.WAITING
        ):
            registration.refresh_from_db()
            if registration.status == RegistrationStatus.CANCELLED:
                raise DomainError(_("This registration has been cancelled."))
            return registration
        _place(registration, event, now)
        log_action(
            "events.registration.confirmed",
            actor=None,
            target=event,
            data={"registration": registration.pk, "status": registration.status},
        )
    return registration


def registration_can_cancel(*, registration: Registration, now: datetime | None = None) -> bool:
    """An active registration can be cancelled until the event starts."""
    now = now or timezone.now()
    return registration.status in ACTIVE_STATUSES and registration.event.starts_at > now


def registration_cancel(*, registration: Registration, by: Viewer | None = None, notify: bool = True) -> Registration:
    """Cancel a registration; a seat it held goes to the first on the waiting list. Acts once.

    ``notify=False``: no mail to the person (their account is being deleted)."""
    now = timezone.now()
    event = Event.objects.get(pk=registration.event_id)
    if event.starts_at <= now:
        raise DomainError(_("This event has already started; the registration can no longer be cancelled."))
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status not in ACTIVE_STATUSES:
            registration.refresh_from_db()
            return registration
        if not Registration.objects.filter(pk=current.pk, status=current.status).update(
            status=RegistrationStatus.CANCELLED, cancelled_at=now
        ):
            registration.refresh_from_db()
            return registration
        previous = current.status
        if previous in SEAT_STATUSES:
            _release_seat(event.pk)
            event.refresh_from_db()
            _fill_free_seats(event, now)
        current.status, current.cancelled_at = RegistrationStatus.CANCELLED, now
        if notify and previous != RegistrationStatus.UNCONFIRMED:
            _mail(current, "cancelled", event)
        log_action("events.registration.cancelled", actor=by, target=event, data={"registration": current.pk})
    registration.refresh_from_db()
    return registration


def offer_accept(*, registration: Registration) -> Registration:
    """Take up an offered seat while the offer is open. A second click changes nothing."""
    now = timezone.now()
    event = Event.objects.get(pk=registration.event_id)
    offers_release_expired(event=event, now=now)
    with transaction.atomic():
        if not Registration.objects.filter(
            pk=registration.pk, status=RegistrationStatus.OFFERED, offer_expires_at__gt=now
        ).update(status=RegistrationStatus.CONFIRMED, confirmed_at=now):
            registration.refresh_from_db()
            if registration.status == RegistrationStatus.CONFIRMED:
                return registration
            raise DomainError(_("This offer is no longer open."))
        registration.refresh_from_db()
        _mail(registration, "confirmed", event)
        _schedule_reminder(registration, event)
        log_action("events.registration.accepted", actor=None, target=event, data={"registration": registration.pk})
    return registration


def offers_release_expired(*, event: Event, now: datetime | None = None) -> int:
    """Offers not taken up in time are cancelled (with a mail); their seats go to the next in line."""
    now = now or timezone.now()
    expired = Registration.objects.filter(
        event_id=event.pk, status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
    )
    if not expired.exists():  # the usual case costs one small query and no write transaction
        return 0
    released = 0
    with transaction.atomic():
        for registration in list(expired.order_by("id")):
            if Registration.objects.filter(pk=registration.pk, status=RegistrationStatus.OFFERED).update(
                status=RegistrationStatus.CANCELLED, cancelled_at=now
            ):
                _release_seat(event.pk)
                released += 1
                _mail(registration, "offer_expired", event)
        if released:
            log_action("events.registration.offers_expired", actor=None, target=event, data={"count": released})
            fresh = Event.objects.get(pk=event.pk)
            _fill_free_seats(fresh, now)
    return released


# --- Check-in ----------------------------------------------------------------------------------


def check_in_opens_at(*, event: Event) -> datetime:
    """The earliest moment of check-in: ``KOSILAB_CHECKIN_OPENS_MINUTES`` before the start."""
    return event.starts_at - timedelta(minutes=settings.KOSILAB_CHECKIN_OPENS_MINUTES)


def _check_check_in_open(event: Event, now: datetime) -> None:
    """Refuse a check-in before it opens (it stays open after the event, for late entries)."""
    opens = check_in_opens_at(event=event)
    if now < opens:
        minutes = settings.KOSILAB_CHECKIN_OPENS_MINUTES
        local = timezone.localtime(opens)
        raise DomainError(
            _("Check-in opens on %(date)s at %(time)s, %(before)s before the start.")
            % {
                "date": formats.date_format(local, "DATE_FORMAT"),
                "time": formats.time_format(local, "TIME_FORMAT"),
                "before": ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes},
            }
        )


def registration_check_in(*, registration: Registration, by: Viewer | None, attended: bool = True) -> Registration:
    """Mark a confirmed registration as attended (or undo it).

    Check-in opens ``KOSILAB_CHECKIN_OPENS_MINUTES`` before the event starts; before that it is
    refused and nothing is written, so no certificate is issued before the event. Undoing is always
    allowed.
    """
    if registration.status != RegistrationStatus.CONFIRMED:
        raise DomainError(_("Only confirmed registrations can be checked in."))
    now = timezone.now()
    if attended:
        _check_check_in_open(registration.event, now)
    with transaction.atomic():
        rows = Registration.objects.filter(pk=registration.pk, status=RegistrationStatus.CONFIRMED)
        rows = rows.filter(attended_at__isnull=True) if attended else rows.filter(attended_at__isnull=False)
        if rows.update(attended_at=now if attended else None):
            log_action(
                "events.registration.checked_in" if attended else "events.registration.check_in_undone",
                actor=by,
                target=registration.event,
                data={"registration": registration.pk},
            )
    registration.refresh_from_db()
    return registration


def registration_check_in_by_code(*, event: Event, code: str, by: Viewer | None) -> Registration:
    """Check in the registration with this personal code (typed, or read from its QR code)."""
    _check_check_in_open(event, timezone.now())
    code = "".join(code.split()).upper()
    registration = Registration.objects.filter(event=event, code=code).select_related("event").first()
    if registration is None:
        raise DomainError(_("No registration for this event has this code."), field="code")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise DomainError(
            _("This registration is not confirmed: %(status)s.") % {"status": registration.get_status_display()},
            field="code",
        )
    return registration_check_in(registration=registration, by=by, attended=True)


# --- Feedback ----------------------------------------------------------------------------------


def _check_scale(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in feedback.SCALE:
        raise DomainError(_("Please choose a value from 1 to 5."), field=name)
    return value


def feedback_give(
    *,
    registration: Registration,
    rating: int,
    usefulness: int,
    recommend: bool,
    comment: str = "",
    by: Viewer | None = None,
) -> Feedback:
    """Record the attendee's feedback, once (a one-to-one constraint on the registration holds it):
    rating and usefulness from 1 to 5, whether they would recommend the event, an optional comment.
    Who may give it is :func:`kosilab.events.documents.feedback.feedback_state`."""
    state = feedback.feedback_state(registration)
    if state != feedback.FeedbackState.OPEN:
        raise DomainError(str(feedback.STATE_MESSAGES[state]))
    comment = str(comment or "").strip()
    if len(comment) > 2000:
        raise DomainError(_("Please keep your comment to 2000 characters."), field="comment")
    given = Feedback(
        registration=registration,
        event_id=registration.event_id,
        rating=_check_scale(rating, "rating"),
        usefulness=_check_scale(usefulness, "usefulness"),
        recommend=bool(recommend),
        comment=comment,
    )
    try:
        with transaction.atomic():
            given.save()
            log_action(
                "events.feedback.given",
                actor=by,
                target=registration.event,
                data={"registration": registration.pk},
            )
    except IntegrityError:
        # A second submit that raced the first one: the one-to-one constraint kept it out.
        raise DomainError(str(feedback.STATE_MESSAGES[feedback.FeedbackState.GIVEN])) from None
    return given


# --- Reminders ---------------------------------------------------------------------------------


def reminder_send(*, registration_id: int, now: datetime | None = None) -> bool:
    """Send the reminder for one registration, once. Returns whether it was sent now."""
    now = now or timezone.now()
    with transaction.atomic():
        sent = Registration.objects.filter(
            pk=registration_id,
            status=RegistrationStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_WINDOW,
        ).update(reminder_sent_at=now)
        if sent:
            registration = Registration.objects.select_related("event", "event__room").get(pk=registration_id)
            _mail(registration, "reminder", registration.event)
            log_action(
                "events.registration.reminded",
                actor=None,
                target=registration.event,
                data={"registration": registration_id},
            )
    return bool(sent)


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Send every reminder that is due (events starting within the next 24 hours). For a periodic command."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_BEFORE,
    ).values_list("pk", flat=True)
    return sum(reminder_send(registration_id=pk, now=now) for pk in list(due))


def offers_expire_due(*, now: datetime | None = None) -> int:
    """Release every expired offer of every event. For a periodic command."""
    now = now or timezone.now()
    event_ids = (
        Registration.objects.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    return sum(offers_release_expired(event=event, now=now) for event in Event.objects.filter(pk__in=list(event_ids)))


# --- Personal data -----------------------------------------------------------------------------

REMOVED_NAME = "–"


def _anonymise(registrations: QuerySet[Registration]) -> int:
    """Remove name, e-mail, answers and the account from registrations; a new token kills old links.

    Status, check-in and feedback (which has no name) stay, for the event's numbers.
    """
    ids = list(registrations.values_list("pk", flat=True))
    Answer.objects.filter(registration_id__in=ids).delete()
    for pk in ids:
        Registration.objects.filter(pk=pk).update(
            name=REMOVED_NAME, email=f"removed-{pk}@invalid", user=None, token=new_token()
        )
    return len(ids)


def registrations_forget_person(*, user: User) -> int:
    """For a deleted account: upcoming registrations are cancelled (their seats go to the waiting
    list), and every registration of the person (with the account, or as a guest with its e-mail
    address) loses its personal data. Returns how many."""
    now = timezone.now()
    persons = Q(user=user) | Q(email__iexact=user.email)
    for registration in Registration.objects.filter(
        persons, status__in=ACTIVE_STATUSES, event__starts_at__gt=now
    ).select_related("event"):
        registration_cancel(registration=registration, by=None, notify=False)
    return _anonymise(Registration.objects.filter(persons))


def registrations_thin_out(*, now: datetime | None = None, days: int | None = None) -> int:
    """Remove the personal data of registrations for events that ended more than ``days`` ago
    (``KOSILAB_REGISTRATION_RETENTION_DAYS``); the counts stay. For a periodic command."""
    now = now or timezone.now()
    days = settings.KOSILAB_REGISTRATION_RETENTION_DAYS if days is None else days
    with transaction.atomic():
        return _anonymise(
            Registration.objects.filter(event__ends_at__lt=now - timedelta(days=days)).exclude(
                email__endswith="@invalid", user__isnull=True
            )
        )
