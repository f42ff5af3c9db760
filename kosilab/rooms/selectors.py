"""Reads for rooms, resources and bookings: lists, the week calendar and the iCal feeds."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kosilab.accounts.types import Viewer
from kosilab.core.validators import validate_plausible_date
from kosilab.labs.models import Lab
from kosilab.rooms.models import BookedResource, Booking, BookingStatus, Resource, Room
from kosilab.rooms.policies import room_policy

FEED_PAST = dt.timedelta(days=30)
FEED_FUTURE = dt.timedelta(days=366)
WEEK = re.compile(r"(\d{4})-W(\d{1,2})")


def visible_rooms(user: Viewer) -> QuerySet[Room]:
    return room_policy.visible(user)


def room_detail_queryset() -> QuerySet[Room]:
    return Room.objects.select_related("lab")


def resource_queryset() -> QuerySet[Resource]:
    return Resource.objects.select_related("lab")


def booking_detail_queryset() -> QuerySet[Booking]:
    return Booking.objects.select_related("lab", "room", "booked_by", "process", "event").prefetch_related(
        Prefetch("resource_lines", BookedResource.objects.select_related("resource").order_by("resource__name"))
    )


def rooms_of(lab: Lab, *, with_inactive: bool = False) -> QuerySet[Room]:
    rooms = Room.objects.filter(lab=lab)
    if not with_inactive:
        rooms = rooms.filter(is_active=True)
    return rooms.order_by("name", "pk")


def resources_of(lab: Lab, *, with_inactive: bool = False) -> QuerySet[Resource]:
    resources = Resource.objects.filter(lab=lab)
    if not with_inactive:
        resources = resources.filter(is_active=True)
    return resources.order_by("name", "pk")


def upcoming_bookings(lab: Lab, limit: int = 20) -> QuerySet[Booking]:
    """The lab's next confirmed bookings (for its organisers)."""
    return (
        Booking.objects.filter(lab=lab, status=BookingStatus.CONFIRMED, ends_at__gt=timezone.now())
        .select_related("room", "booked_by")
        .prefetch_related(
            Prefetch("resource_lines", BookedResource.objects.select_related("resource").order_by("resource__name"))
        )
        .order_by("starts_at", "pk")[:limit]
    )


def bookings_between(
    start: dt.datetime, end: dt.datetime, *, room: Room | None = None, lab: Lab | None = None
) -> list[Booking]:
    """Confirmed room bookings that overlap [start, end), of one room or of all rooms of a lab."""
    bookings = Booking.objects.filter(
        status=BookingStatus.CONFIRMED, room__isnull=False, starts_at__lt=end, ends_at__gt=start
    )
    if room is not None:
        bookings = bookings.filter(room=room)
    if lab is not None:
        bookings = bookings.filter(lab=lab)
    return list(bookings.select_related("booked_by").order_by("starts_at", "pk"))


def feed_bookings(*, room: Room | None = None, lab: Lab | None = None) -> QuerySet[Booking]:
    """Bookings for an iCal feed: 30 days back to a year ahead, cancelled ones included (so that
    subscribed calendars remove them)."""
    now = timezone.now()
    bookings = Booking.objects.filter(ends_at__gt=now - FEED_PAST, starts_at__lt=now + FEED_FUTURE)
    if room is not None:
        bookings = bookings.filter(room=room)
    if lab is not None:
        bookings = bookings.filter(lab=lab, room__isnull=False)
    return bookings.select_related("room").order_by("starts_at", "pk")


# --- The week calendar --------------------------------------------------------------------------


def week_start(value: str | None, today: dt.date) -> dt.date:
    """The Monday of an ISO week given as "2026-W49"; this week's Monday for anything else,
    including weeks outside the plausible window of dates (year 0001 or 9999, say)."""
    match = WEEK.fullmatch((value or "").strip())
    if match:
        try:
            monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
        else:
            if validate_plausible_date.includes(monday):
                return monday
    return today - dt.timedelta(days=today.weekday())


def iso_week(monday: dt.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Slot:
    starts: dt.datetime
    ends: dt.datetime
    booking: Booking | None = None


@dataclass
class Day:
    date: dt.date
    is_open: bool
    busy: list[Slot] = field(default_factory=list)
    free: list[Slot] = field(default_factory=list)
    is_over: bool = False  # the room's day has ended (nothing can be booked any more)


@dataclass
class RoomWeek:
    room: Room
    days: list[Day]


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


def room_week(room: Room, monday: dt.date, bookings: list[Booking], now: dt.datetime) -> RoomWeek:
    """Per day of the week: when the room is open, which slots are booked and which are free."""
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        is_open = room.open_on_weekends or day.weekday() < 5
        opens, closes = _aware(day, room.opens_at), _aware(day, room.closes_at)
        day_start, day_end = _aware(day, dt.time.min), _aware(day + dt.timedelta(days=1), dt.time.min)
        busy = [
            Slot(max(b.starts_at, day_start), min(b.ends_at, day_end), b)
            for b in bookings
            if b.room_id == room.pk and b.starts_at < day_end and b.ends_at > day_start
        ]
        free = []
        if is_open:
            cursor = max(opens, now)
            for slot in busy:
                if slot.starts > cursor and cursor < closes:
                    free.append(Slot(cursor, min(slot.starts, closes)))
                cursor = max(cursor, slot.ends)
            if cursor < closes:
                free.append(Slot(cursor, closes))
        days.append(Day(day, is_open, busy, free, is_over=closes <= now))
    return RoomWeek(room, days)


def week(rooms: list[Room], monday: dt.date, *, lab: Lab | None = None) -> list[RoomWeek]:
    """The week calendar of the given rooms (all of one lab's if ``lab`` is given): one query."""
    start = _aware(monday, dt.time.min)
    end = _aware(monday + dt.timedelta(days=7), dt.time.min)
    if lab is not None:
        bookings = bookings_between(start, end, lab=lab)
    else:
        bookings = bookings_between(start, end, room=rooms[0]) if len(rooms) == 1 else []
    now = timezone.now()
    return [room_week(room, monday, bookings, now) for room in rooms]


def lab_bookings_between(lab_ids: list[int], start: dt.datetime, end: dt.datetime, *, limit: int = 20) -> list[Booking]:
    """Confirmed bookings of the labs that overlap [start, end), first first, at most ``limit`` + 1.
    One query."""
    bookings = (
        Booking.objects.filter(lab_id__in=lab_ids, status=BookingStatus.CONFIRMED, starts_at__lt=end, ends_at__gt=start)
        .select_related("lab", "room")
        .order_by("starts_at", "id")
    )
    return list(bookings[: limit + 1])
