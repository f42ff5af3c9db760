"""Every rooms list, detail, calendar and feed answers with a fixed number of SQL queries.

Each page is measured with 1 and with 50 of what grows on it, and the count is pinned. If a pin
changes, find out why before changing the number.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from kosilab.core.tests.factories import UserFactory
from kosilab.core.tests.queries import grow_and_measure
from kosilab.rooms.models import BookedResource, Booking
from kosilab.rooms.selectors import iso_week
from kosilab.rooms.tests.factories import ResourceFactory, RoomFactory, at, next_monday

pytestmark = pytest.mark.django_db

# Pinned query counts per page: (anonymous, lab manager). Session and user lookups included.
PINS = {
    "room_list": (2, 7),
    "lab_week": (3, 6),
    "room_detail": (2, 5),
    "resource_list": (2, 5),
    "room_feed": (2, 4),
    "lab_feed": (2, 4),
    "booking_detail": (None, 5),
    "booking_ics": (None, 5),
}


@pytest.fixture
def setting(query_setting):
    room = RoomFactory(lab=query_setting["lab"])
    return {**query_setting, "room": room, "monday": next_monday(), "booker": UserFactory()}


def _bookings(s, room=None, spread_rooms=False):
    """Bookings with a resource line each, one hour apart on the weekdays of one week."""
    slots = itertools.count()

    def grow(n):
        for _ in range(n):
            i = next(slots)
            day = s["monday"] + dt.timedelta(days=i // 12)
            target = RoomFactory(lab=s["lab"]) if spread_rooms else (room or s["room"])
            booking = Booking.objects.create(
                lab=s["lab"],
                room=target,
                purpose=f"Booking {i}",
                starts_at=at(day, 8 + i % 12),
                ends_at=at(day, 9 + i % 12),
                booked_by=s["booker"],
            )
            BookedResource.objects.create(booking=booking, resource=ResourceFactory(lab=s["lab"]), quantity=1)

    return grow


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
@pytest.mark.parametrize(
    ("page", "url", "grow"),
    [
        ("room_list", lambda s: "/rooms/lab/q/", lambda s: _bookings(s, spread_rooms=True)),
        (
            "lab_week",
            lambda s: f"/rooms/lab/q/week/?week={iso_week(s['monday'])}",
            lambda s: _bookings(s, spread_rooms=True),
        ),
        ("room_detail", lambda s: f"/rooms/{s['room'].pk}/?week={iso_week(s['monday'])}", lambda s: _bookings(s)),
        (
            "resource_list",
            lambda s: "/rooms/lab/q/resources/",
            lambda s: lambda n: [ResourceFactory(lab=s["lab"]) for _ in range(n)],
        ),
        ("room_feed", lambda s: f"/rooms/{s['room'].pk}/calendar.ics", lambda s: _bookings(s)),
        ("lab_feed", lambda s: "/rooms/lab/q/calendar.ics", lambda s: _bookings(s, spread_rooms=True)),
    ],
)
def test_pages_have_a_fixed_query_count(client, setting, as_manager, page, url, grow):
    if as_manager:
        client.force_login(setting["manager"])
    one, fifty = grow_and_measure(client, url(setting), grow(setting))
    assert one == fifty, f"{page}: {one} queries with 1 row, {fifty} with 50"
    assert one == PINS[page][as_manager]


@pytest.mark.parametrize("page", ["booking_detail", "booking_ics"])
def test_a_booking_does_not_grow_with_its_resources(client, setting, page):
    booking = Booking.objects.create(
        lab=setting["lab"],
        room=setting["room"],
        purpose="Big workshop",
        starts_at=at(setting["monday"], 10),
        ends_at=at(setting["monday"], 12),
        booked_by=setting["booker"],
    )
    client.force_login(setting["manager"])

    def grow(n):
        for _ in range(n):
            BookedResource.objects.create(booking=booking, resource=ResourceFactory(lab=setting["lab"]), quantity=1)

    url = f"/rooms/bookings/{booking.pk}/" if page == "booking_detail" else f"/rooms/bookings/{booking.pk}/booking.ics"
    one, fifty = grow_and_measure(client, url, grow)
    assert one == fifty
    assert one == PINS[page][True]
