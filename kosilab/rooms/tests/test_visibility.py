"""Who sees rooms, resources and bookings: the object rule, the queryset and the permission agree
(kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.core.tests.visibility import agreement
from kosilab.rooms.models import Booking, BookingStatus
from kosilab.rooms.policies import booking_policy, resource_policy, room_policy
from kosilab.rooms.tests.factories import ResourceFactory, RoomFactory, at, next_monday

LABS = ("lab", "private_lab", "other_lab")


@agreement(room_policy)
def test_rooms(world):
    return [RoomFactory(lab=world[lab], is_active=active) for lab in LABS for active in (True, False)]


@agreement(resource_policy)
def test_resources(world):
    return [ResourceFactory(lab=world[lab], is_active=active) for lab in LABS for active in (True, False)]


@agreement(booking_policy)
def test_bookings(world):
    monday = next_monday()
    bookings = []
    for hour, lab in enumerate(LABS, start=9):
        room = RoomFactory(lab=world[lab])
        for status in BookingStatus:
            bookings.append(
                Booking.objects.create(
                    lab=world[lab],
                    room=room if status == BookingStatus.CONFIRMED else None,
                    purpose="Workshop",
                    starts_at=at(monday, hour),
                    ends_at=at(monday, hour + 1),
                    status=status,
                    booked_by=world["people"]["manager"],
                )
            )
    return bookings
