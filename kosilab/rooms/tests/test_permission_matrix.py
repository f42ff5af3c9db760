"""Permission matrix rows for rooms (see kosilab/core/tests/matrix.py).

Rooms of a public lab and when they are busy are public; bookings (what for, by whom), booking
and managing rooms and resources are for the lab's organisers. A private lab's rooms, resources
and bookings do not exist for anyone outside its team.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import (
    ANYONE,
    LAB_STAFF,
    PRIVATE_ELSEWHERE,
    case,
    done,
    fill,
    matrix_test,
)
from kosilab.rooms import services
from kosilab.rooms.models import Booking, BookingStatus
from kosilab.rooms.tests.factories import ResourceFactory, RoomFactory, at, next_monday


@pytest.fixture
def world(matrix_world):
    lab, private_lab = matrix_world["lab"], matrix_world["private_lab"]
    monday = next_monday()
    room = RoomFactory(lab=lab)
    hidden_room = RoomFactory(lab=private_lab)
    resource = ResourceFactory(lab=lab, quantity=2)
    [booking] = services.booking_create(
        lab=lab, room=room, purpose="Team", starts_at=at(monday, 8), ends_at=at(monday, 9), by=None
    )
    [hidden_booking] = services.booking_create(
        lab=private_lab, room=hidden_room, purpose="Secret", starts_at=at(monday, 8), ends_at=at(monday, 9), by=None
    )
    return {
        **matrix_world,
        "room": room,
        "hidden_room": hidden_room,
        "resource": resource,
        "hidden_resource": ResourceFactory(lab=private_lab),
        "booking": booking,
        "hidden_booking": hidden_booking,
        "day": monday.isoformat(),
    }


ROOM = {"name": "Studio", "capacity": "10", "location": "Top floor", "opens_at": "08:00", "closes_at": "18:00"}
RESOURCE = {"name": "Projector", "quantity": "2"}
BOOKING = {"purpose": "Workshop", "date": "{day}", "starts_at": "10:00", "ends_at": "12:00"}

CASES = [
    case("rooms:room_list", "get", "/rooms/lab/home/", ANYONE),
    case("rooms:room_list-private", "get", "/rooms/lab/hidden/", PRIVATE_ELSEWHERE),
    case("rooms:lab_week", "get", "/rooms/lab/home/week/", ANYONE),
    case("rooms:lab_week-private", "get", "/rooms/lab/hidden/week/?week=2030-W10", PRIVATE_ELSEWHERE),
    case("rooms:lab_feed", "get", "/rooms/lab/home/calendar.ics", ANYONE),
    case("rooms:lab_feed-private", "get", "/rooms/lab/hidden/calendar.ics", PRIVATE_ELSEWHERE),
    case("rooms:room_create", "get", "/rooms/lab/home/new/", LAB_STAFF),
    case("rooms:room_create", "post", "/rooms/lab/home/new/", done(LAB_STAFF), ROOM),
    case("rooms:room_create-private", "post", "/rooms/lab/hidden/new/", done(PRIVATE_ELSEWHERE), ROOM),
    case("rooms:room_detail", "get", "/rooms/{room}/", ANYONE),
    case("rooms:room_detail-private", "get", "/rooms/{hidden_room}/", PRIVATE_ELSEWHERE),
    case("rooms:room_edit", "get", "/rooms/{room}/edit/", LAB_STAFF),
    case("rooms:room_edit", "post", "/rooms/{room}/edit/", done(LAB_STAFF), ROOM),
    case("rooms:room_edit-private", "get", "/rooms/{hidden_room}/edit/", PRIVATE_ELSEWHERE),
    case("rooms:room_feed", "get", "/rooms/{room}/calendar.ics", ANYONE),
    case("rooms:room_feed-private", "get", "/rooms/{hidden_room}/calendar.ics", PRIVATE_ELSEWHERE),
    case("rooms:resource_list", "get", "/rooms/lab/home/resources/", ANYONE),
    case("rooms:resource_list-private", "get", "/rooms/lab/hidden/resources/", PRIVATE_ELSEWHERE),
    case("rooms:resource_create", "get", "/rooms/lab/home/resources/new/", LAB_STAFF),
    case("rooms:resource_create", "post", "/rooms/lab/home/resources/new/", done(LAB_STAFF), RESOURCE),
    case("rooms:resource_edit", "get", "/rooms/resources/{resource}/edit/", LAB_STAFF),
    case("rooms:resource_edit", "post", "/rooms/resources/{resource}/edit/", done(LAB_STAFF), RESOURCE),
    case("rooms:resource_edit-private", "get", "/rooms/resources/{hidden_resource}/edit/", PRIVATE_ELSEWHERE),
    case("rooms:booking_create", "get", "/rooms/{room}/book/", LAB_STAFF),
    case("rooms:booking_create", "post", "/rooms/{room}/book/", done(LAB_STAFF), BOOKING),
    case("rooms:booking_create-private", "post", "/rooms/{hidden_room}/book/", done(PRIVATE_ELSEWHERE), BOOKING),
    case("rooms:lab_booking_create", "get", "/rooms/lab/home/book/", LAB_STAFF),
    case(
        "rooms:lab_booking_create",
        "post",
        "/rooms/lab/home/book/",
        done(LAB_STAFF),
        {**BOOKING, "resource_{resource}": "1"},
    ),
    case("rooms:lab_booking_create-private", "get", "/rooms/lab/hidden/book/", PRIVATE_ELSEWHERE),
    case("rooms:booking_detail", "get", "/rooms/bookings/{booking}/", LAB_STAFF),
    case("rooms:booking_detail-private", "get", "/rooms/bookings/{hidden_booking}/", PRIVATE_ELSEWHERE),
    case("rooms:booking_ics", "get", "/rooms/bookings/{booking}/booking.ics", LAB_STAFF),
    case("rooms:booking_ics-private", "get", "/rooms/bookings/{hidden_booking}/booking.ics", PRIVATE_ELSEWHERE),
    case("rooms:booking_move", "get", "/rooms/bookings/{booking}/move/", LAB_STAFF),
    case(
        "rooms:booking_move",
        "post",
        "/rooms/bookings/{booking}/move/",
        done(LAB_STAFF),
        {"date": "{day}", "starts_at": "13:00", "ends_at": "14:00"},
    ),
    case("rooms:booking_cancel", "post", "/rooms/bookings/{booking}/cancel/", done(LAB_STAFF)),
    case("rooms:booking_cancel-private", "post", "/rooms/bookings/{hidden_booking}/cancel/", done(PRIVATE_ELSEWHERE)),
]


test_permission_matrix = matrix_test(CASES)


def test_refused_writes_change_nothing(client, world):
    booking = world["booking"]
    for person in ("participant", "other_manager"):
        client.force_login(world["people"][person])
        assert client.post(f"/rooms/bookings/{booking.pk}/cancel/").status_code == 403
        assert client.post(f"/rooms/{world['room'].pk}/book/", _data(world)).status_code == 403
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert Booking.objects.count() == 2


def test_smuggled_fields_are_ignored(client, world):
    client.force_login(world["people"]["manager"])
    data = {**_data(world), "lab": world["private_lab"].pk, "status": "cancelled", "booked_by": 1}
    assert client.post(f"/rooms/{world['room'].pk}/book/", data).status_code == 302
    booking = Booking.objects.latest("pk")
    assert booking.lab == world["lab"]
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.booked_by == world["people"]["manager"]


def _data(world):
    return {k: fill(v, world) for k, v in BOOKING.items()}
