"""Reads for events and registrations. What a user may not see is filtered out here."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from kosilab.accounts.types import User, Viewer
from kosilab.events.models import (
    ACTIVE_STATUSES,
    ATTENDED,
    Answer,
    Event,
    EventStatus,
    Question,
    Registration,
    RegistrationStatus,
    RegistrationTally,
)
from kosilab.events.policies import event_policy


def visible_events(user: Viewer) -> QuerySet[Event]:
    """Published and cancelled events of public labs and of the network; drafts only for organisers."""
    return event_policy.visible(user)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def event_list(
    user: Viewer,
    *,
    kind: str = "",
    lab_id: int | None = None,
    network: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    free_only: bool = False,
    past: bool = False,
) -> QuerySet[Event]:
    """Upcoming events (or past ones, newest first) with the filters of the public list."""
    events = visible_events(user).select_related("lab", "room")
    now = timezone.now()
    events = events.filter(ends_at__lt=now) if past else events.filter(ends_at__gte=now)
    if kind:
        events = events.filter(kind=kind)
    # By the lab's id, not its slug: a known id lets the database walk the lab's own index.
    if network:
        events = events.filter(lab__isnull=True)
    elif lab_id is not None:
        events = events.filter(lab_id=lab_id)
    if date_from:
        events = events.filter(starts_at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(starts_at__lt=_start_of(date_to) + timedelta(days=1))
    if free_only:
        events = events.filter(status=EventStatus.PUBLISHED, seats_taken__lt=F("capacity"))
    return events.order_by(*event_list_order(past=past))


def event_list_order(*, past: bool) -> tuple[str, str]:
    """The order of the public list, walked by keyset (indexes ``events_event_start`` and
    ``events_event_lab_start``): the next events first, or the latest past ones."""
    return ("-starts_at", "-id") if past else ("starts_at", "id")


def event_detail_queryset() -> QuerySet[Event]:
    return registration_queryset().select_related("process")


def registration_queryset() -> QuerySet[Event]:
    """An event with what registering reads: its lab (who may see it), its room (for the mail) and
    its questions."""
    return Event.objects.select_related("lab", "room").prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position", "id"))
    )


def registration_of(event: Event, user: Viewer) -> Registration | None:
    """The user's active registration for the event, if any."""
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user, status__in=ACTIVE_STATUSES).first()


def my_registrations(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .select_related("event", "event__lab")
        .order_by("-event__starts_at", "-id")
    )


def registration_by_token(token: str) -> Registration | None:
    if not token or len(token) > 64:
        return None
    return (
        Registration.objects.select_related("event", "event__lab", "event__room")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .filter(token=token)
        .first()
    )


def attendees(event: Event, *, query: str = "", status: str = "") -> QuerySet[Registration]:
    """Registrations of an event for its organisers, with answers; search by name, e-mail or code."""
    registrations = event.registrations.exclude(status=RegistrationStatus.UNCONFIRMED)
    if status == "active":
        registrations = registrations.filter(status__in=ACTIVE_STATUSES)
    elif status:
        registrations = registrations.filter(status=status)
    query = query.strip()
    if query:
        registrations = registrations.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(code__iexact="".join(query.split()))
        )
    return registrations.prefetch_related(
        Prefetch(
            "answers", queryset=Answer.objects.select_related("question").order_by("question__position", "question_id")
        )
    ).order_by("name", "id")


def status_counts(event: Event) -> dict[str, int]:
    """How many registrations of the event are in each status, and how many are checked in (key
    ``"attended"``): one query of the event's tally (models.RegistrationTally), however many there are."""
    counts = dict.fromkeys([*RegistrationStatus.values, ATTENDED], 0)
    counts.update(dict(RegistrationTally.objects.filter(event=event).values_list("status", "total")))
    return counts


def confirmed_registrations(event: Event) -> QuerySet[Registration]:
    """Confirmed registrations (certificates, exports), by name."""
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("user").order_by("name", "id")


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id, status=RegistrationStatus.WAITING, id__lte=registration.id
    ).count()


def registrations_export(*, user: User) -> list[dict[str, Any]]:
    """A person's event registrations for their data download (accounts.services.user_export)."""
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("event", "feedback")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("created_at", "pk")
    )
    return [
        {
            "event": r.event.title,
            "starts_at": r.event.starts_at.isoformat(),
            "name": r.name,
            "email": r.email,
            "status": r.status,
            "registered_at": r.created_at.isoformat(),
            "checked_in_at": r.attended_at.isoformat() if r.attended_at else None,
            "answers": {a.question.label: a.value for a in r.answers.all()},
            "feedback": _feedback_of(r),
        }
        for r in registrations
    ]


def _feedback_of(registration: Registration) -> dict[str, Any] | None:
    feedback = getattr(registration, "feedback", None)
    if feedback is None:
        return None
    return {
        "rating": feedback.rating,
        "usefulness": feedback.usefulness,
        "recommend": feedback.recommend,
        "comment": feedback.comment,
    }


# Where an event takes place, as the apps above need it (the session planner's recommendations
# and materials): "online", "offline" (in a room or at an address) or None (hybrid: both).
ONLINE, OFFLINE = "online", "offline"


def event_setting(event: Event) -> str | None:
    on_site = bool(event.room_id or event.address.strip())
    if event.online_url and not on_site:
        return ONLINE
    if on_site and not event.online_url:
        return OFFLINE
    return None


def expected_participants(event: Event, *, now: datetime | None = None) -> int:
    """How many people an event expects: while people can still register, its seats (plan for a
    full house); once registration has closed (or the event has begun), the seats taken
    (confirmed and offered), unless nobody took one."""
    now = now or timezone.now()
    closes = event.registration_closes_at or event.starts_at
    if now >= closes and event.seats_taken > 0:
        return event.seats_taken
    return event.capacity


def _with_registration_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    def total(**condition: Any) -> Count:
        return Count("registrations", filter=Q(**{f"registrations__{k}": v for k, v in condition.items()}))

    return events.annotate(
        unconfirmed_total=total(status=RegistrationStatus.UNCONFIRMED),
        waiting_total=total(status=RegistrationStatus.WAITING),
        offered_total=total(status=RegistrationStatus.OFFERED),
        confirmed_total=total(status=RegistrationStatus.CONFIRMED),
        checked_in_total=total(attended_at__isnull=False),
    )


def registrations_pending(lab_ids: list[int], *, now: datetime, limit: int = 10) -> list[Event]:
    """Coming events of the labs with registrations that wait: e-mail not yet confirmed, on the
    waiting list, or offered a seat not yet accepted; soonest first, at most ``limit`` + 1 (so the
    page can say there are more). One query."""
    events = (
        _with_registration_counts(Event.objects.filter(lab_id__in=lab_ids, ends_at__gte=now))
        .exclude(status=EventStatus.CANCELLED)
        .filter(Q(unconfirmed_total__gt=0) | Q(waiting_total__gt=0) | Q(offered_total__gt=0))
        .select_related("lab")
        .order_by("starts_at", "id")
    )
    return list(events[: limit + 1])


def lab_events_between(lab_ids: list[int], start: datetime, end: datetime, *, limit: int = 20) -> list[Event]:
    """Events of the labs (not cancelled) that start in [start, end), with their registration
    counts, at most ``limit`` + 1. One query."""
    events = (
        _with_registration_counts(Event.objects.filter(lab_id__in=lab_ids, starts_at__gte=start, starts_at__lt=end))
        .exclude(status=EventStatus.CANCELLED)
        .select_related("lab", "room")
        .order_by("starts_at", "id")
    )
    return list(events[: limit + 1])
