"""Lists with a long history for the throughput benchmark (issue 15: flat in the size of the data).

Two labs other than the measured one: a *small* one as seed_scale made it, and a *large* one
whose history is topped up once, in bulk, to ``LARGE`` past events and ``LARGE`` past bookings of
one room. The pages compared are the past events of each lab (the public list filtered by lab)
and the week calendar of a room and of its lab: the large lab's last page and this week must
stay within ``FLAT_FACTOR`` of the small lab's. Everything added lies in the past, so the pages of
the measured lab and the upcoming lists stay what seed_scale made.
"""

from __future__ import annotations

import datetime
import sys
import time
from dataclasses import dataclass
from typing import Any

LARGE = 100_000
BATCH = 5000
EVENT_TITLE = "Throughput benchmark: a past event"
BOOKING_PURPOSE = "Throughput benchmark: a past booking"
SLOT_HOURS = (8, 9, 10, 11, 12, 13, 14, 15, 16, 17)  # a room booked hour by hour, every day


@dataclass(frozen=True)
class History:
    lab: Any
    room: Any
    past_events: int
    room_bookings: int
    lab_bookings: int


def histories(exclude_lab_id: int) -> tuple[History, History]:
    """The small and the large lab (the two public scale labs of lowest id besides the measured one),
    the large one's history grown to ``LARGE`` past events and bookings of its first room."""
    from kosilab.labs.models import Lab

    small_lab, large_lab = (
        Lab.objects.filter(slug__startswith="scale-lab-", is_public=True).exclude(pk=exclude_lab_id).order_by("pk")[:2]
    )
    _grow_events(large_lab)
    _grow_bookings(_room_of(large_lab))
    return _history(small_lab), _history(large_lab)


def _room_of(lab: Any) -> Any:
    from kosilab.rooms.models import Room

    return Room.objects.filter(lab=lab, is_active=True).order_by("pk").first()


def _history(lab: Any) -> History:
    from django.utils import timezone

    from kosilab.events.models import Event
    from kosilab.rooms.models import Booking

    room = _room_of(lab)
    return History(
        lab=lab,
        room=room,
        past_events=Event.objects.filter(lab=lab, ends_at__lt=timezone.now()).count(),
        room_bookings=Booking.objects.filter(room=room).count(),
        lab_bookings=Booking.objects.filter(lab=lab).count(),
    )


def _grow_events(lab: Any) -> None:
    from django.db import transaction
    from django.utils import timezone

    from kosilab.events.models import Event, EventKind, EventStatus

    have = Event.objects.filter(lab=lab, title=EVENT_TITLE).count()
    if have >= LARGE:
        return
    started = time.perf_counter()
    print(f"  adding {LARGE - have:,} past events to lab {lab.slug} …", file=sys.stderr)
    # One a day at 18:00, going back from a year ago (seed_scale's own events are more recent).
    newest = (timezone.now() - datetime.timedelta(days=365)).replace(hour=18, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        for start in range(have, LARGE, BATCH):
            batch = []
            for i in range(start, min(LARGE, start + BATCH)):
                starts = newest - datetime.timedelta(days=i)
                batch.append(
                    Event(
                        lab=lab,
                        kind=EventKind.LAB_SESSION,
                        title=EVENT_TITLE,
                        description="Ein Treffen im Lab.",
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(hours=2),
                        address=lab.address,
                        capacity=20,
                        status=EventStatus.PUBLISHED,
                    )
                )
            Event.objects.bulk_create(batch, batch_size=BATCH)
    print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _grow_bookings(room: Any) -> None:
    from django.db import transaction
    from django.utils import timezone

    from kosilab.rooms.models import Booking, BookingStatus

    have = Booking.objects.filter(room=room, purpose=BOOKING_PURPOSE).count()
    if have >= LARGE:
        return
    started = time.perf_counter()
    print(f"  adding {LARGE - have:,} past bookings to room {room.pk} …", file=sys.stderr)
    earliest = Booking.objects.filter(room=room).order_by("starts_at").values_list("starts_at", flat=True).first()
    last_day = (earliest or timezone.now()).date() - datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()
    booker = room.lab.memberships.order_by("pk").values_list("user_id", flat=True).first()
    with transaction.atomic():
        for start in range(have, LARGE, BATCH):
            batch = []
            for i in range(start, min(LARGE, start + BATCH)):
                day = last_day - datetime.timedelta(days=i // len(SLOT_HOURS))
                hour = SLOT_HOURS[i % len(SLOT_HOURS)]
                starts = datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)
                batch.append(
                    Booking(
                        lab_id=room.lab_id,
                        room=room,
                        purpose=BOOKING_PURPOSE,
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(hours=1),
                        booked_by_id=booker,
                        status=BookingStatus.CONFIRMED,
                    )
                )
            Booking.objects.bulk_create(batch, batch_size=BATCH)
    print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
