"""Writes for rooms, resources and bookings.

No clash, ever. Every booking write runs its checks inside one transaction that first takes the
locks the check depends on:

* SQLite: every write transaction begins IMMEDIATE (config/settings.py), so writers run one after
  the other and the check cannot race.
* PostgreSQL: the room row and the rows of the booked resources are locked (``SELECT … FOR
  UPDATE``, always room first, then resources by id), so two bookings of one room or one resource
  are checked one after the other. The exclusion constraint ``rooms_booking_no_overlap`` is the
  backstop: should anything slip past the check, the database refuses the row and the person gets
  the same clash message.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kosilab.accounts.types import Viewer, account
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.storage import delete_after_commit, uploads_undone_on_error
from kosilab.labs.models import Lab
from kosilab.rooms.models import BookedResource, Booking, BookingStatus, Resource, Room

MAX_HOURS = 14
MAX_WEEKS = 52

ROOM_FIELDS = (
    "name",
    "description",
    "capacity",
    "location",
    "latitude",
    "longitude",
    "step_free",
    "hearing_loop",
    "accessible_toilet",
    "accessibility_notes",
    "equipment",
    "opens_at",
    "closes_at",
    "open_on_weekends",
    "photo",
    "photo_description",
    "is_active",
)
RESOURCE_FIELDS = ("name", "description", "quantity", "is_active")

Span = tuple[dt.datetime, dt.datetime]


class BookingClash(DomainError):
    """The room or a resource is taken at the requested time (views answer 409 Conflict)."""


# --- Rooms and resources ------------------------------------------------------------------------


def _full_clean(obj: models.Model) -> None:
    """Model validation as a DomainError on the first field that failed."""
    try:
        obj.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from None


def _set(obj: models.Model, fields: Sequence[str], values: dict[str, Any]) -> list[str]:
    changed = []
    for name in fields:
        if name not in values:
            continue
        value = values[name]
        if name == "photo" and value is False:  # "clear" ticked in the form
            value = ""
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _check_opening(opens_at: Any, closes_at: Any) -> None:
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise DomainError(_("The room must close after it opens."), field="closes_at")


def room_create(*, lab: Lab, by: Viewer | None, **values: Any) -> Room:
    room = Room(lab=lab)
    _set(room, ROOM_FIELDS, values)
    room.name = room.name.strip()
    _check_opening(room.opens_at, room.closes_at)
    _full_clean(room)
    with uploads_undone_on_error(field="photo"), transaction.atomic():  # the photo is stored by save()
        room.save()
        log_action("rooms.room.created", actor=by, target=room)
    return room


def room_update(*, room: Room, by: Viewer | None, **values: Any) -> Room:
    previous_photo = room.photo.name
    changed = _set(room, ROOM_FIELDS, values)
    room.name = room.name.strip()
    _check_opening(room.opens_at, room.closes_at)
    _full_clean(room)
    with uploads_undone_on_error(field="photo"), transaction.atomic():  # the photo is stored by save()
        room.save()
        log_action("rooms.room.updated", actor=by, target=room, data={"fields": changed})
        if "photo" in changed:  # replaced or cleared: the old file goes after the commit
            delete_after_commit(room.photo.storage, previous_photo)
    return room


def _peak(lines: Iterable[tuple[dt.datetime, dt.datetime, int]], start: dt.datetime, end: dt.datetime) -> int:
    """The most units in use at any moment of [start, end) by the given (starts, ends, quantity) lines."""
    overlapping = [(s, e, q) for s, e, q in lines if s < end and e > start]
    moments = {start} | {s for s, _e, _q in overlapping if s > start}
    return max((sum(q for s, e, q in overlapping if s <= t < e) for t in moments), default=0)


def _busiest(lines: Iterable[tuple[dt.datetime, dt.datetime, int]]) -> tuple[int, dt.datetime]:
    """The most units in use at one moment, and when (a sweep over starts and ends)."""
    changes = sorted([(s, q) for s, _e, q in lines] + [(e, -q) for _s, e, q in lines], key=lambda c: (c[0], c[1]))
    in_use, peak, when = 0, 0, timezone.now()
    for moment, delta in changes:  # at one moment, ends (negative) come before starts: [start, end)
        in_use += delta
        if in_use > peak:
            peak, when = in_use, moment
    return peak, when


def resource_create(*, lab: Lab, by: Viewer | None, **values: Any) -> Resource:
    resource = Resource(lab=lab)
    _set(resource, RESOURCE_FIELDS, values)
    resource.name = resource.name.strip()
    _full_clean(resource)
    with transaction.atomic():
        resource.save()
        log_action("rooms.resource.created", actor=by, target=resource)
    return resource


def resource_update(*, resource: Resource, by: Viewer | None, **values: Any) -> Resource:
    """Change a resource. Its quantity cannot drop below what future bookings already hold."""
    changed = _set(resource, RESOURCE_FIELDS, values)
    resource.name = resource.name.strip()
    _full_clean(resource)
    with transaction.atomic():
        Resource.objects.select_for_update().filter(pk=resource.pk).first()
        if "quantity" in changed:
            lines = list(
                BookedResource.objects.filter(
                    resource=resource, booking__status=BookingStatus.CONFIRMED, booking__ends_at__gt=timezone.now()
                ).values_list("booking__starts_at", "booking__ends_at", "quantity")
            )
            peak, when = _busiest(lines)
            if peak > resource.quantity:
                raise DomainError(
                    _("%(count)d are already booked at the same time on %(date)s. Cancel bookings first.")
                    % {"count": peak, "date": _day(when)},
                    field="quantity",
                )
        resource.save()
        log_action("rooms.resource.updated", actor=by, target=resource, data={"fields": changed})
    return resource


# --- Bookings -----------------------------------------------------------------------------------


def _day(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def _time(value: dt.datetime) -> str:
    return formats.time_format(timezone.localtime(value), "TIME_FORMAT")


def booking_spans(*, starts_at: dt.datetime, ends_at: dt.datetime, weekly_until: dt.date | None) -> list[Span]:
    """The first span and, for a weekly series, the same local times every week until ``weekly_until``.

    Local wall-clock times are kept across the change to and from summer time.
    """
    if weekly_until is None:
        return [(starts_at, ends_at)]
    first = timezone.localtime(starts_at)
    if weekly_until < first.date():
        raise DomainError(_("A weekly series must end on or after the day of its first booking."), field="weekly_until")
    weeks = (weekly_until - first.date()).days // 7 + 1
    if weeks > MAX_WEEKS:
        raise DomainError(
            _("A weekly series can have at most %(count)d bookings.") % {"count": MAX_WEEKS}, field="weekly_until"
        )
    zone = timezone.get_current_timezone()
    start = first.replace(tzinfo=None)
    end = timezone.localtime(ends_at).replace(tzinfo=None)
    step = dt.timedelta(weeks=1)
    return [((start + i * step).replace(tzinfo=zone), (end + i * step).replace(tzinfo=zone)) for i in range(weeks)]


def _check_span(room: Room | None, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise DomainError(_("The booking must end after it starts."), field="ends_at")
    if ends_at - starts_at > dt.timedelta(hours=MAX_HOURS):
        raise DomainError(_("A booking can last at most %(hours)d hours.") % {"hours": MAX_HOURS}, field="ends_at")
    if starts_at < now:
        raise DomainError(_("A booking cannot start in the past."), field="starts_at")
    if room is None:
        return
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() != end.date():
        raise DomainError(_("A room booking must start and end on the same day."), field="ends_at")
    if start.weekday() >= 5 and not room.open_on_weekends:
        raise DomainError(
            _("%(room)s is closed on weekends (%(date)s).") % {"room": room.name, "date": _day(starts_at)},
            field="date",
        )
    if start.time() < room.opens_at or end.time() > room.closes_at:
        raise DomainError(
            _("%(room)s is open from %(opens)s to %(closes)s.")
            % {
                "room": room.name,
                "opens": formats.time_format(room.opens_at, "TIME_FORMAT"),
                "closes": formats.time_format(room.closes_at, "TIME_FORMAT"),
            },
            field="starts_at",
        )


def _overlapping(spans: Sequence[Span]) -> Q:
    condition = Q()
    for start, end in spans:
        condition |= Q(starts_at__lt=end, ends_at__gt=start)
    return condition


def _room_clashes(room: Room, spans: Sequence[Span], exclude: Iterable[int] = ()) -> list[Booking]:
    return list(
        Booking.objects.filter(_overlapping(spans), room=room, status=BookingStatus.CONFIRMED)
        .exclude(pk__in=list(exclude))
        .order_by("starts_at", "pk")
    )


def _clash_message(room: Room, clashes: Sequence[Booking], series: bool) -> str:
    sentences = [
        _("%(room)s is already booked on %(date)s from %(start)s to %(end)s (%(purpose)s).")
        % {
            "room": room.name,
            "date": _day(clash.starts_at),
            "start": _time(clash.starts_at),
            "end": _time(clash.ends_at),
            "purpose": clash.purpose,
        }
        for clash in clashes
    ]
    if series:
        sentences.insert(0, _("Nothing of the series has been booked."))
    return " ".join(sentences)


def _check_stock(resources: dict[Resource, int], spans: Sequence[Span], exclude: Iterable[int] = ()) -> None:
    """Every resource has enough units free at every moment of every span."""
    if not resources:
        return
    booked: dict[int, list[tuple[dt.datetime, dt.datetime, int]]] = {r.pk: [] for r in resources}
    lines = (
        BookedResource.objects.filter(
            resource__in=list(resources),
            booking__status=BookingStatus.CONFIRMED,
            booking__in=Booking.objects.filter(_overlapping(spans)),
        )
        .exclude(booking_id__in=list(exclude))
        .values_list("resource_id", "booking__starts_at", "booking__ends_at", "quantity")
    )
    for resource_id, start, end, quantity in lines:
        booked[resource_id].append((start, end, quantity))
    problems = []
    for resource, wanted in sorted(resources.items(), key=lambda item: item[0].name):
        for start, end in spans:
            free = resource.quantity - _peak(booked[resource.pk], start, end)
            if wanted > free:
                problems.append(
                    _("%(resource)s: only %(free)d of %(total)d free on %(date)s from %(start)s to %(end)s.")
                    % {
                        "resource": resource.name,
                        "free": max(free, 0),
                        "total": resource.quantity,
                        "date": _day(start),
                        "start": _time(start),
                        "end": _time(end),
                    }
                )
    if problems:
        if len(spans) > 1:
            problems.insert(0, _("Nothing of the series has been booked."))
        raise BookingClash(" ".join(problems))


def _lock(room: Room | None, resources: Iterable[Resource]) -> tuple[Room | None, dict[int, Resource]]:
    """Lock the room, then the resources by id (a fixed order, so two bookings never deadlock).

    Returns the locked rows as stored now. On SQLite the IMMEDIATE transaction already holds the
    write lock and these are plain reads.
    """
    locked_room = Room.objects.select_for_update().get(pk=room.pk) if room is not None else None
    ids = sorted(r.pk for r in resources)
    locked = {r.pk: r for r in Resource.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    return locked_room, locked


def _check_resources(lab: Lab, resources: dict[Resource, int] | None) -> dict[Resource, int]:
    wanted = {r: int(q) for r, q in (resources or {}).items() if q}
    for resource, quantity in wanted.items():
        if resource.lab_id != lab.pk:
            raise DomainError(_("Choose resources of this lab."))
        if quantity < 0:
            raise DomainError(_("Enter a quantity of 0 or more."))
        if quantity > resource.quantity:
            raise DomainError(
                _("The lab has only %(total)d of %(resource)s.")
                % {"total": resource.quantity, "resource": resource.name}
            )
    return wanted


def booking_create(
    *,
    lab: Lab,
    room: Room | None,
    purpose: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: Viewer | None,
    resources: dict[Resource, int] | None = None,
    process: Any = None,
    event: Any = None,
    weekly_until: dt.date | None = None,
) -> list[Booking]:
    """Book a room and/or resources, once or weekly until ``weekly_until`` (all or nothing)."""
    purpose = (purpose or "").strip()
    if not purpose:
        raise DomainError(_("Say what the booking is for."), field="purpose")
    if len(purpose) > 200:
        raise DomainError(_("Keep the purpose to 200 characters."), field="purpose")
    wanted = _check_resources(lab, resources)
    if room is None and not wanted:
        raise DomainError(_("Choose a room or at least one resource."), field="room")
    if room is not None and room.lab_id != lab.pk:
        raise DomainError(_("Choose a room of this lab."), field="room")
    if process is not None and process.lab_id != lab.pk:
        raise DomainError(_("Choose a lab process of this lab."), field="process")
    if event is not None and event.lab_id != lab.pk:
        raise DomainError(_("Choose an event of this lab."), field="event")
    spans = booking_spans(starts_at=starts_at, ends_at=ends_at, weekly_until=weekly_until)
    now = timezone.now()
    for start, end in spans:
        _check_span(room, start, end, now)
    series = uuid.uuid4() if len(spans) > 1 else None
    try:
        with transaction.atomic():
            locked_room, locked_resources = _lock(room, wanted)
            if locked_room is not None and not locked_room.is_active:
                raise DomainError(_("%(room)s cannot be booked at the moment.") % {"room": locked_room.name})
            stock = {locked_resources[r.pk]: q for r, q in wanted.items()}
            for resource in stock:
                if not resource.is_active:
                    raise DomainError(_("%(resource)s cannot be booked at the moment.") % {"resource": resource.name})
            if locked_room is not None and (clashes := _room_clashes(locked_room, spans)):
                raise BookingClash(_clash_message(locked_room, clashes, series is not None))
            _check_stock(stock, spans)
            bookings = []
            for start, end in spans:
                booking = Booking.objects.create(
                    lab=lab,
                    room=room,
                    purpose=purpose,
                    starts_at=start,
                    ends_at=end,
                    booked_by=account(by),
                    process=process,
                    event=event,
                    series=series,
                )
                BookedResource.objects.bulk_create(
                    BookedResource(booking=booking, resource=r, quantity=q) for r, q in stock.items()
                )
                log_action(
                    "rooms.booking.created",
                    actor=by,
                    target=booking,
                    data={
                        "room": room.pk if room else None,
                        "resources": {str(r.pk): q for r, q in stock.items()},
                        "series": str(series) if series else None,
                    },
                )
                bookings.append(booking)
    except IntegrityError:
        # The exclusion constraint (PostgreSQL) refused an overlap the check did not see.
        raise _clash_after_the_fact(room, spans, series is not None) from None
    return bookings


def _clash_after_the_fact(
    room: Room | None, spans: Sequence[Span], series: bool, exclude: Iterable[int] = ()
) -> BookingClash:
    clashes = _room_clashes(room, spans, exclude) if room is not None else []
    if room is not None and clashes:
        return BookingClash(_clash_message(room, clashes, series))
    return BookingClash(_("Somebody else has just booked this time. Please choose another time."))


def booking_cancel(*, booking: Booking, by: Viewer | None, following: bool = False) -> list[Booking]:
    """Cancel a booking; with ``following``, also the later bookings of its weekly series."""
    now = timezone.now()
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != BookingStatus.CONFIRMED:
            raise DomainError(_("This booking has already been cancelled."))
        if locked.ends_at <= now:
            raise DomainError(_("A booking that is over cannot be cancelled."))
        targets = [locked]
        if following and locked.series is not None:
            targets += list(
                Booking.objects.select_for_update()
                .filter(series=locked.series, status=BookingStatus.CONFIRMED, starts_at__gt=locked.starts_at)
                .order_by("starts_at", "pk")
            )
        for target in targets:
            target.status = BookingStatus.CANCELLED
            target.cancelled_at = now
            target.sequence += 1
            target.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
            log_action("rooms.booking.cancelled", actor=by, target=target, data={"series": following})
    booking.status, booking.cancelled_at = locked.status, locked.cancelled_at
    return targets


def booking_move(*, booking: Booking, starts_at: dt.datetime, ends_at: dt.datetime, by: Viewer | None) -> Booking:
    """Move a booking to another time in the same room, if that time is free (apart from itself)."""
    if booking.status != BookingStatus.CONFIRMED:
        raise DomainError(_("A cancelled booking cannot be moved."))
    room = booking.room
    _check_span(room, starts_at, ends_at, timezone.now())
    lines = list(booking.resource_lines.select_related("resource"))
    spans = [(starts_at, ends_at)]
    try:
        with transaction.atomic():
            locked_room, locked_resources = _lock(room, [line.resource for line in lines])
            locked = Booking.objects.select_for_update().get(pk=booking.pk)
            if locked.status != BookingStatus.CONFIRMED:
                raise DomainError(_("A cancelled booking cannot be moved."))
            if locked_room is not None and (clashes := _room_clashes(locked_room, spans, exclude=[locked.pk])):
                raise BookingClash(_clash_message(locked_room, clashes, series=False))
            _check_stock(
                {locked_resources[line.resource_id]: line.quantity for line in lines}, spans, exclude=[locked.pk]
            )
            before = {"starts_at": locked.starts_at.isoformat(), "ends_at": locked.ends_at.isoformat()}
            locked.starts_at, locked.ends_at = starts_at, ends_at
            locked.sequence += 1
            locked.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
            log_action(
                "rooms.booking.moved",
                actor=by,
                target=locked,
                data={"from": before, "to": {"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()}},
            )
    except IntegrityError:
        raise _clash_after_the_fact(room, spans, series=False, exclude=[booking.pk]) from None
    booking.starts_at, booking.ends_at, booking.updated_at = locked.starts_at, locked.ends_at, locked.updated_at
    booking.sequence = locked.sequence
    return booking
