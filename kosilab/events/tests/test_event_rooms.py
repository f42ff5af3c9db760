"""An event in one of the lab's rooms books that room: a busy room refuses the event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from kosilab.core.errors import DomainError
from kosilab.events import services
from kosilab.events.models import Event
from kosilab.rooms.models import Booking, BookingStatus
from kosilab.rooms.services import booking_create
from kosilab.rooms.tests.factories import RoomFactory, at, next_monday

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(lab):
    return RoomFactory(lab=lab, name="Werkstatt")


def _create(lab, manager, room, day, start=10, hours=2, **values):
    return services.event_create(
        lab=lab,
        by=manager,
        title=values.pop("title", "Zukunftswerkstatt"),
        starts_at=at(day, start),
        ends_at=at(day, start + hours),
        capacity=20,
        room=room,
        **values,
    )


def _held(room):
    return list(
        Booking.objects.filter(room=room, status=BookingStatus.CONFIRMED).values_list(
            "event_id", "starts_at", "ends_at"
        )
    )


def test_creating_an_event_books_its_room(lab, manager, room):
    monday = next_monday()
    event = _create(lab, manager, room, monday)
    assert _held(room) == [(event.pk, at(monday, 10), at(monday, 12))]


def test_a_busy_room_refuses_the_event_and_names_the_clash(lab, manager, room):
    monday = next_monday()
    booking_create(
        lab=lab, room=room, purpose="Team meeting", starts_at=at(monday, 11), ends_at=at(monday, 13), by=manager
    )
    with translation.override("en"), pytest.raises(DomainError) as refused:
        _create(lab, manager, room, monday)
    assert refused.value.field == "room"
    assert "Werkstatt is already booked" in refused.value.message
    assert "Team meeting" in refused.value.message
    assert not Event.objects.exists()


def test_moving_the_event_moves_its_booking_and_a_clash_changes_nothing(lab, manager, room):
    monday = next_monday()
    event = _create(lab, manager, room, monday)
    tuesday = monday + timedelta(days=1)
    services.event_update(event=event, by=manager, starts_at=at(tuesday, 14), ends_at=at(tuesday, 16))
    assert _held(room) == [(event.pk, at(tuesday, 14), at(tuesday, 16))]

    booking_create(
        lab=lab, room=room, purpose="Repair café", starts_at=at(monday, 9), ends_at=at(monday, 12), by=manager
    )
    with pytest.raises(DomainError):
        services.event_update(event=event, by=manager, starts_at=at(monday, 10), ends_at=at(monday, 12))
    event.refresh_from_db()
    assert event.starts_at == at(tuesday, 14)
    assert (event.pk, at(tuesday, 14), at(tuesday, 16)) in _held(room)


def test_another_room_or_an_address_releases_the_room(lab, manager, room):
    monday = next_monday()
    event = _create(lab, manager, room, monday)
    other = RoomFactory(lab=lab, name="Atelier")
    services.event_update(event=event, by=manager, room=other)
    assert _held(room) == []
    assert _held(other) == [(event.pk, at(monday, 10), at(monday, 12))]
    services.event_update(event=event, by=manager, room=None, address="Marktplatz 1")
    assert _held(other) == []


def test_cancelling_the_event_frees_the_room_but_keeps_bookings_made_by_hand(lab, manager, room):
    monday = next_monday()
    event = _create(lab, manager, room, monday)
    set_up = booking_create(
        lab=lab, room=room, purpose="Set-up", starts_at=at(monday, 9), ends_at=at(monday, 10), by=manager, event=event
    )[0]
    services.event_cancel(event=event, by=manager)
    assert _held(room) == [(event.pk, at(monday, 9), at(monday, 10))]
    set_up.refresh_from_db()
    assert set_up.status == BookingStatus.CONFIRMED


def test_an_event_outside_the_rooms_opening_hours_is_refused(lab, manager, room):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        _create(lab, manager, room, next_monday(), start=19, hours=3)
    assert refused.value.field == "room"
    assert "open from 08:00 to 20:00" in refused.value.message
