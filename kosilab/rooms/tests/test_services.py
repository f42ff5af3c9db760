from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.concurrency import run_at_once
from kosilab.core.tests.factories import LabFactory, ProcessFactory
from kosilab.rooms import services
from kosilab.rooms.models import BookedResource, Booking, BookingStatus
from kosilab.rooms.tests.factories import ResourceFactory, RoomFactory, at, next_monday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def room(lab):
    return RoomFactory(lab=lab, name="Workshop room")


@pytest.fixture
def monday():
    return next_monday()


def book(lab, room, start, end, by=None, **kwargs):
    return services.booking_create(
        lab=lab, room=room, purpose=kwargs.pop("purpose", "Team meeting"), starts_at=start, ends_at=end, by=by, **kwargs
    )


def test_a_booking_is_made_and_logged(lab, room, monday, manager):
    [booking] = book(lab, room, at(monday, 10), at(monday, 12), by=manager)
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.booked_by == manager
    assert AuditEntry.objects.filter(action="rooms.booking.created", object_id=str(booking.pk)).exists()


def test_an_overlapping_booking_is_refused_with_the_clash_named(lab, room, monday):
    book(lab, room, at(monday, 10), at(monday, 12))
    with pytest.raises(services.BookingClash) as refused:
        book(lab, room, at(monday, 11), at(monday, 13), purpose="Other")
    day = f"{monday.day} {monday.strftime('%B')} {monday.year}"
    assert refused.value.message == f"Workshop room is already booked on {day} from 10:00 to 12:00 (Team meeting)."
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(("start", "end"), [(9, 11), (11, 13), (10, 12), (10, 11), (9, 13)])
def test_every_kind_of_overlap_is_refused(lab, room, monday, start, end):
    book(lab, room, at(monday, 10), at(monday, 12))
    with pytest.raises(services.BookingClash):
        book(lab, room, at(monday, start), at(monday, end))


def test_touching_bookings_are_allowed(lab, room, monday):
    book(lab, room, at(monday, 10), at(monday, 12))
    book(lab, room, at(monday, 12), at(monday, 14))
    book(lab, room, at(monday, 8), at(monday, 10))
    assert Booking.objects.count() == 3


def test_another_room_and_cancelled_bookings_do_not_clash(lab, room, monday):
    [first] = book(lab, room, at(monday, 10), at(monday, 12))
    book(lab, RoomFactory(lab=lab), at(monday, 10), at(monday, 12))
    services.booking_cancel(booking=first, by=None)
    book(lab, room, at(monday, 10), at(monday, 12))
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 2


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ((12, 0), (10, 0), "The booking must end after it starts."),
        ((10, 0), (10, 0), "The booking must end after it starts."),
        ((7, 0), (9, 0), "Workshop room is open from 08:00 to 20:00."),
        ((19, 0), (20, 30), "Workshop room is open from 08:00 to 20:00."),
    ],
)
def test_times_outside_the_rules_are_refused(lab, room, monday, start, end, message):
    with pytest.raises(DomainError, match=message):
        book(lab, room, at(monday, *start), at(monday, *end))
    assert not Booking.objects.exists()


def test_at_most_fourteen_hours(lab, monday):
    long_room = RoomFactory(lab=lab, opens_at=dt.time(6), closes_at=dt.time(23))
    with pytest.raises(DomainError, match="at most 14 hours"):
        book(lab, long_room, at(monday, 6), at(monday, 21))
    book(lab, long_room, at(monday, 6), at(monday, 20))


def test_weekends_only_if_the_room_opens_on_weekends(lab, room, monday):
    saturday = monday + dt.timedelta(days=5)
    with pytest.raises(DomainError, match="closed on weekends"):
        book(lab, room, at(saturday, 10), at(saturday, 12))
    room.open_on_weekends = True
    room.save()
    book(lab, room, at(saturday, 10), at(saturday, 12))


def test_no_booking_in_the_past(lab, room):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(DomainError, match="cannot start in the past"):
        book(lab, room, at(yesterday, 10), at(yesterday, 12))


def test_rooms_processes_and_resources_of_another_lab_are_refused(lab, room, monday):
    other = LabFactory(slug="elsewhere")
    with pytest.raises(DomainError, match="room of this lab"):
        book(other, room, at(monday, 10), at(monday, 12))
    with pytest.raises(DomainError, match="lab process of this lab"):
        book(lab, room, at(monday, 10), at(monday, 12), process=ProcessFactory(lab=other))
    with pytest.raises(DomainError, match="resources of this lab"):
        book(lab, room, at(monday, 10), at(monday, 12), resources={ResourceFactory(lab=other): 1})
    with pytest.raises(DomainError, match="Choose a room or at least one resource"):
        book(lab, None, at(monday, 10), at(monday, 12))
    with pytest.raises(DomainError, match="Say what the booking is for"):
        book(lab, room, at(monday, 10), at(monday, 12), purpose="  ")
    assert not Booking.objects.exists()


def test_an_inactive_room_cannot_be_booked(lab, monday):
    closed = RoomFactory(lab=lab, name="Attic", is_active=False)
    with pytest.raises(DomainError, match="Attic cannot be booked"):
        book(lab, closed, at(monday, 10), at(monday, 12))


def test_a_weekly_series_keeps_local_times_and_shares_a_series_id(lab, room, monday):
    bookings = book(lab, room, at(monday, 10), at(monday, 12), weekly_until=monday + dt.timedelta(weeks=30))
    assert len(bookings) == 31
    assert len({b.series for b in bookings}) == 1
    assert {timezone.localtime(b.starts_at).time() for b in bookings} == {dt.time(10)}
    assert {timezone.localtime(b.starts_at).weekday() for b in bookings} == {0}


def test_a_series_is_all_or_nothing_and_names_every_clash(lab, room, monday):
    book(lab, room, at(monday + dt.timedelta(weeks=1), 11), at(monday + dt.timedelta(weeks=1), 12), purpose="A")
    book(lab, room, at(monday + dt.timedelta(weeks=3), 9), at(monday + dt.timedelta(weeks=3), 11), purpose="B")
    with pytest.raises(services.BookingClash) as refused:
        book(lab, room, at(monday, 10), at(monday, 12), weekly_until=monday + dt.timedelta(weeks=5))
    message = refused.value.message
    assert message.startswith("Nothing of the series has been booked.")
    assert "from 11:00 to 12:00 (A)" in message
    assert "from 09:00 to 11:00 (B)" in message
    assert Booking.objects.count() == 2


def test_a_series_has_at_most_52_bookings(lab, room, monday):
    with pytest.raises(DomainError, match="at most 52 bookings"):
        book(lab, room, at(monday, 10), at(monday, 12), weekly_until=monday + dt.timedelta(weeks=52))
    assert len(book(lab, room, at(monday, 10), at(monday, 12), weekly_until=monday + dt.timedelta(weeks=51))) == 52


def test_a_series_cannot_end_before_it_starts(lab, room, monday):
    with pytest.raises(DomainError, match="must end on or after"):
        book(lab, room, at(monday, 10), at(monday, 12), weekly_until=monday - dt.timedelta(days=1))


def test_cancel_frees_the_slot(lab, room, monday, manager):
    [booking] = book(lab, room, at(monday, 10), at(monday, 12))
    services.booking_cancel(booking=booking, by=manager)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancelled_at is not None
    book(lab, room, at(monday, 10), at(monday, 12))
    with pytest.raises(DomainError, match="already been cancelled"):
        services.booking_cancel(booking=booking, by=manager)


def test_cancel_the_following_bookings_of_a_series(lab, room, monday):
    bookings = book(lab, room, at(monday, 10), at(monday, 12), weekly_until=monday + dt.timedelta(weeks=4))
    cancelled = services.booking_cancel(booking=bookings[2], by=None, following=True)
    assert [b.pk for b in cancelled] == [b.pk for b in bookings[2:]]
    statuses = list(Booking.objects.order_by("starts_at").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "cancelled", "cancelled", "cancelled"]


def test_move_checks_clashes_but_not_against_itself(lab, room, monday):
    [booking] = book(lab, room, at(monday, 10), at(monday, 12))
    book(lab, room, at(monday, 14), at(monday, 16), purpose="Workshop")
    services.booking_move(booking=booking, starts_at=at(monday, 11), ends_at=at(monday, 13), by=None)
    booking.refresh_from_db()
    assert timezone.localtime(booking.starts_at).hour == 11
    with pytest.raises(services.BookingClash, match=r"from 14:00 to 16:00 \(Workshop\)"):
        services.booking_move(booking=booking, starts_at=at(monday, 13), ends_at=at(monday, 15), by=None)
    booking.refresh_from_db()
    assert timezone.localtime(booking.starts_at).hour == 11
    assert AuditEntry.objects.filter(action="rooms.booking.moved").count() == 1


def test_move_respects_opening_hours_and_resource_stock(lab, room, monday):
    kit = ResourceFactory(lab=lab, name="Moderation kit", quantity=1)
    [booking] = book(lab, room, at(monday, 10), at(monday, 12), resources={kit: 1})
    book(lab, None, at(monday, 14), at(monday, 16), resources={kit: 1}, purpose="Outside")
    with pytest.raises(DomainError, match="open from 08:00"):
        services.booking_move(booking=booking, starts_at=at(monday, 19), ends_at=at(monday, 21), by=None)
    with pytest.raises(services.BookingClash, match="Moderation kit: only 0 of 1 free"):
        services.booking_move(booking=booking, starts_at=at(monday, 15), ends_at=at(monday, 17), by=None)
    services.booking_move(booking=booking, starts_at=at(monday, 11), ends_at=at(monday, 13), by=None)


def test_resources_are_never_booked_beyond_their_quantity(lab, room, monday):
    bikes = ResourceFactory(lab=lab, name="Cargo bike", quantity=3)
    book(lab, None, at(monday, 9), at(monday, 11), resources={bikes: 2}, purpose="Delivery")
    book(lab, None, at(monday, 11), at(monday, 13), resources={bikes: 3}, purpose="Touching")
    book(lab, None, at(monday, 9), at(monday, 10), resources={bikes: 1}, purpose="Third")
    with pytest.raises(services.BookingClash, match="Cargo bike: only 0 of 3 free"):
        book(lab, None, at(monday, 9, 30), at(monday, 10, 30), resources={bikes: 1})
    # 10:00-11:00 has one bike left, although two bookings overlap 10:00-12:00 in total.
    book(lab, None, at(monday, 10), at(monday, 11), resources={bikes: 1}, purpose="Fourth")
    with pytest.raises(DomainError, match="only 3 of Cargo bike"):
        book(
            lab,
            None,
            at(monday + dt.timedelta(days=1), 10),
            at(monday + dt.timedelta(days=1), 11),
            resources={bikes: 4},
        )
    assert BookedResource.objects.count() == 4


def test_peak_use_not_the_sum_of_overlapping_bookings_counts(lab, monday):
    projector = ResourceFactory(lab=lab, quantity=2)
    book(lab, None, at(monday, 9), at(monday, 10), resources={projector: 1})
    book(lab, None, at(monday, 11), at(monday, 12), resources={projector: 1})
    book(lab, None, at(monday, 9), at(monday, 12), resources={projector: 1})
    assert BookedResource.objects.count() == 3


def test_a_resource_quantity_cannot_drop_below_what_is_booked(lab, monday):
    kits = ResourceFactory(lab=lab, quantity=3)
    book(lab, None, at(monday, 9), at(monday, 11), resources={kits: 2})
    with pytest.raises(DomainError, match="2 are already booked at the same time"):
        services.resource_update(resource=kits, by=None, quantity=1)
    services.resource_update(resource=kits, by=None, quantity=2)


def test_room_create_and_update_are_logged(lab, manager):
    room = services.room_create(
        lab=lab,
        by=manager,
        name=" Studio ",
        capacity=8,
        location="1st floor",
        opens_at=dt.time(9),
        closes_at=dt.time(17),
    )
    assert room.name == "Studio"
    services.room_update(room=room, by=manager, capacity=10)
    assert list(
        AuditEntry.objects.filter(object_type="rooms.room", object_id=str(room.pk))
        .values_list("action", flat=True)
        .order_by("pk")
    ) == [
        "rooms.room.created",
        "rooms.room.updated",
    ]
    with pytest.raises(DomainError, match="must close after it opens"):
        services.room_update(room=room, by=manager, closes_at=dt.time(8))


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the exclusion constraint exists on PostgreSQL only")
def test_the_database_refuses_overlaps_on_postgresql(lab, room, monday):
    [booking] = book(lab, room, at(monday, 10), at(monday, 12))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(lab=lab, room=room, purpose="Sneaky", starts_at=at(monday, 11), ends_at=at(monday, 13))
    Booking.objects.create(lab=lab, room=room, purpose="Touching", starts_at=at(monday, 12), ends_at=at(monday, 13))
    assert connection.vendor == "postgresql"
    assert booking.pk


@pytest.mark.django_db(transaction=True)
def test_concurrent_service_calls_book_a_slot_once(lab, room, monday):
    def attempt(i):
        with translation.override("en"):
            return book(lab, room, at(monday, 10), at(monday, 12) + dt.timedelta(minutes=i), purpose=f"Try {i}")

    results, errors = run_at_once(attempt, 12)
    assert len(results) == 1
    assert len(errors) == 11
    assert all(isinstance(e, services.BookingClash) for e in errors), errors
    assert Booking.objects.filter(room=room).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_service_calls_never_overbook_a_resource(lab, monday):
    bikes = ResourceFactory(lab=lab, name="Cargo bike", quantity=3)

    def attempt(i):
        with translation.override("en"):
            return book(lab, None, at(monday, 10), at(monday, 12), resources={bikes: 1}, purpose=f"Try {i}")

    results, errors = run_at_once(attempt, 12)
    assert len(results) == 3
    assert all(isinstance(e, services.BookingClash) for e in errors), errors
    assert BookedResource.objects.filter(resource=bikes).count() == 3


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the exclusion constraint exists on PostgreSQL only")
def test_the_constraint_is_a_backstop_with_the_same_message(lab, room, monday, monkeypatch):
    book(lab, room, at(monday, 10), at(monday, 12))
    real = services._room_clashes
    calls = []

    def blind_first(*args, **kwargs):  # a check that misses the clash, as a race would
        calls.append(1)
        return [] if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(services, "_room_clashes", blind_first)
    with pytest.raises(services.BookingClash, match=r"already booked on .* from 10:00 to 12:00 \(Team meeting\)"):
        book(lab, room, at(monday, 11), at(monday, 13))
    assert Booking.objects.count() == 1
