"""A lab manager sets up a room, books it, and sees a clashing booking refused."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import UserFactory
from kosilab.labs.services import lab_team_set
from kosilab.rooms.models import Booking, BookingStatus, Room
from kosilab.rooms.tests.factories import next_monday

pytestmark = pytest.mark.browser


def test_manager_adds_a_room_books_it_and_a_clash_is_refused(ui, lab):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    monday = next_monday()

    ui.log_in("mara@example.org")
    ui.visit(f"/labs/{lab.slug}/")
    ui.follow(f"main a[href='/rooms/lab/{lab.slug}/']")
    ui.follow(f"main a[href='/rooms/lab/{lab.slug}/new/']")
    ui.fill({"#id_name": "Werkstatt", "#id_capacity": "20", "#id_location": "Ground floor, Main Street 1"})
    ui.page.locator("#id_step_free").check()
    ui.submit("#id_name")
    room = Room.objects.get(lab=lab, name="Werkstatt")
    assert ui.path == room.get_absolute_url()

    ui.follow(f"main a[href='/rooms/{room.pk}/book/']")
    ui.fill(
        {
            "#id_date": monday.isoformat(),
            "#id_starts_at": "10:00",
            "#id_ends_at": "12:00",
            "#id_purpose": "Ideenwerkstatt Fahrradgaragen",
        }
    )
    ui.submit("#id_purpose")
    booking = Booking.objects.get(room=room)
    assert ui.path == booking.get_absolute_url()

    # The week shows the booking; a second, overlapping booking is refused and names the clash.
    ui.visit(f"/rooms/{room.pk}/?week={monday.isocalendar().year}-W{monday.isocalendar().week:02d}")
    assert ui.page.get_by_text("Ideenwerkstatt Fahrradgaragen").count() == 1
    ui.visit(f"/rooms/{room.pk}/book/")
    ui.fill({"#id_date": monday.isoformat(), "#id_starts_at": "11:00", "#id_ends_at": "13:00", "#id_purpose": "Team"})
    with ui.page.expect_navigation() as navigation:
        ui.submit_button("#id_purpose").click()
    assert navigation.value.status == 409
    ui.check_a11y()
    assert "Ideenwerkstatt Fahrradgaragen" in ui.page.locator("main").inner_text()
    assert Booking.objects.filter(room=room, status=BookingStatus.CONFIRMED).count() == 1

    # Cancelling frees the time, and then the second booking goes through.
    ui.visit(booking.get_absolute_url())
    ui.submit(f"form[action='/rooms/bookings/{booking.pk}/cancel/'] button")
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    ui.visit(f"/rooms/{room.pk}/book/")
    ui.fill({"#id_date": monday.isoformat(), "#id_starts_at": "11:00", "#id_ends_at": "13:00", "#id_purpose": "Team"})
    ui.submit("#id_purpose")
    assert Booking.objects.filter(room=room, status=BookingStatus.CONFIRMED).get().purpose == "Team"


def test_visitors_see_free_and_booked_times_but_not_what_for(ui, lab):
    from kosilab.rooms.services import booking_create
    from kosilab.rooms.tests.factories import RoomFactory, at

    room = RoomFactory(lab=lab, name="Atelier")
    monday = next_monday()
    booking_create(
        lab=lab, room=room, purpose="Confidential planning", starts_at=at(monday, 9), ends_at=at(monday, 11), by=None
    )
    ui.visit(f"/rooms/{room.pk}/?week={monday.isocalendar().year}-W{monday.isocalendar().week:02d}")
    text = ui.page.locator("main").inner_text()
    assert "Confidential planning" not in text
    assert "09:00–11:00" in text
    ui.visit(f"/rooms/lab/{lab.slug}/week/?week={monday.isocalendar().year}-W{monday.isocalendar().week:02d}")
