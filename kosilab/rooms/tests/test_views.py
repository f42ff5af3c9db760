from __future__ import annotations

import datetime as dt
import io

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kosilab.rooms import services
from kosilab.rooms.models import BookedResource, Booking, BookingStatus, Resource, Room
from kosilab.rooms.selectors import iso_week
from kosilab.rooms.tests.factories import ResourceFactory, RoomFactory, at, next_monday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def room(lab):
    return RoomFactory(lab=lab, name="Workshop room", step_free=True, equipment="Beamer\nFlipchart")


@pytest.fixture
def monday():
    return next_monday()


def _book(lab, room, monday, start=10, end=12, purpose="Team meeting", by=None, **kwargs):
    [booking] = services.booking_create(
        lab=lab, room=room, purpose=purpose, starts_at=at(monday, start), ends_at=at(monday, end), by=by, **kwargs
    )
    return booking


def _form(monday, **values):
    return {"purpose": "Workshop", "date": monday.isoformat(), "starts_at": "10:00", "ends_at": "12:00", **values}


# --- Booking form ---------------------------------------------------------------------------------


def test_a_room_is_booked_through_the_form(client, lab, room, monday, manager):
    kit = ResourceFactory(lab=lab, name="Moderation kit", quantity=2)
    client.force_login(manager)
    page = client.get(f"/rooms/{room.pk}/book/?date={monday.isoformat()}&from=10:00&until=12:00")
    assert 'value="10:00"' in page.content.decode()
    response = client.post(f"/rooms/{room.pk}/book/", _form(monday, **{f"resource_{kit.pk}": "2"}))
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/rooms/bookings/{booking.pk}/"
    assert booking.room == room
    assert booking.booked_by == manager
    assert BookedResource.objects.get().quantity == 2


def test_a_clash_re_renders_the_form_with_409_and_the_clash_named(client, lab, room, monday, manager):
    _book(lab, room, monday)
    client.force_login(manager)
    response = client.post(f"/rooms/{room.pk}/book/", _form(monday, starts_at="11:00", ends_at="13:00"))
    assert response.status_code == 409
    assert "Workshop room is already booked on" in response.content.decode()
    assert "from 10:00 to 12:00 (Team meeting)." in response.content.decode()
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"ends_at": "09:00"}, "The booking must end after it starts."),
        ({"starts_at": "06:00"}, "Workshop room is open from 08:00 to 20:00."),
        ({"purpose": ""}, "This field is required."),
        ({"date": "31.02.2030"}, "Enter a valid date."),
        ({"date": "1800-01-01"}, "Please enter a date between 1 January 1990 and"),
        ({"starts_at": "25:00"}, "Enter a valid time."),
        ({"purpose": "x" * 201}, "at most 200 characters"),
        ({"weekly_until": "+60 weeks"}, "at most 52 bookings"),
        ({"weekly_until": "9999-12-31"}, "Please enter a date between 1 January 1990 and"),
    ],
)
def test_bad_input_gives_a_clear_message_and_changes_nothing(client, lab, room, monday, manager, values, message):
    client.force_login(manager)
    if values.get("weekly_until") == "+60 weeks":  # within the plausible window, beyond 52 weeks
        values = {"weekly_until": (monday + dt.timedelta(weeks=60)).isoformat()}
    response = client.post(f"/rooms/{room.pk}/book/", _form(monday, **values))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_too_many_resources_are_refused_by_the_form(client, lab, room, monday, manager):
    kit = ResourceFactory(lab=lab, name="Moderation kit", quantity=2)
    client.force_login(manager)
    response = client.post(f"/rooms/{room.pk}/book/", _form(monday, **{f"resource_{kit.pk}": "3"}))
    assert "less than or equal to 2" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_resource_only_booking_and_a_weekly_series_through_the_lab_form(client, lab, room, monday, manager):
    bike = ResourceFactory(lab=lab, name="Cargo bike")
    client.force_login(manager)
    until = (monday + dt.timedelta(weeks=3)).isoformat()
    response = client.post(
        f"/rooms/lab/{lab.slug}/book/", _form(monday, weekly_until=until, **{f"resource_{bike.pk}": "1"})
    )
    assert response.status_code == 302
    assert Booking.objects.filter(room=None).count() == 4
    response = client.post(
        f"/rooms/lab/{lab.slug}/book/", _form(monday, starts_at="11:00", **{f"resource_{bike.pk}": "1"})
    )
    assert response.status_code == 409
    assert "Cargo bike: only 0 of 1 free" in response.content.decode()


def test_nothing_chosen_is_refused(client, lab, monday, manager):
    client.force_login(manager)
    response = client.post(f"/rooms/lab/{lab.slug}/book/", _form(monday))
    assert "Choose a room or at least one resource." in response.content.decode()


def test_a_room_or_resource_of_another_lab_cannot_be_chosen(client, lab, other_lab, monday, manager):
    foreign = RoomFactory(lab=other_lab)
    client.force_login(manager)
    response = client.post(f"/rooms/lab/{lab.slug}/book/", _form(monday, room=str(foreign.pk)))
    assert "Select a valid choice" in response.content.decode()
    assert not Booking.objects.exists()


# --- Booking detail, move, cancel -----------------------------------------------------------------


def test_booking_detail_shows_everything_to_the_organisers(client, lab, room, monday, manager, facilitator):
    booking = _book(lab, room, monday, by=manager, resources={ResourceFactory(lab=lab, name="Projector"): 1})
    client.force_login(facilitator)
    text = client.get(f"/rooms/bookings/{booking.pk}/").content.decode()
    assert "Team meeting" in text
    assert "Mara Manager" in text
    assert "1 × Projector" in text


def test_move_through_the_form(client, lab, room, monday, manager):
    booking = _book(lab, room, monday)
    _book(lab, room, monday, 14, 16, purpose="Lunch talk")
    client.force_login(manager)
    url = f"/rooms/bookings/{booking.pk}/move/"
    assert 'value="10:00"' in client.get(url).content.decode()
    response = client.post(url, {"date": monday.isoformat(), "starts_at": "15:00", "ends_at": "17:00"})
    assert response.status_code == 409
    assert "(Lunch talk)" in response.content.decode()
    response = client.post(url, {"date": monday.isoformat(), "starts_at": "11:00", "ends_at": "13:00"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.starts_at == at(monday, 11)


def test_cancel_through_the_form_and_a_second_time(client, lab, room, monday, manager):
    bookings = services.booking_create(
        lab=lab,
        room=room,
        purpose="Weekly",
        starts_at=at(monday, 10),
        ends_at=at(monday, 12),
        by=None,
        weekly_until=monday + dt.timedelta(weeks=2),
    )
    client.force_login(manager)
    assert "Also cancel the later bookings" in client.get(f"/rooms/bookings/{bookings[0].pk}/").content.decode()
    response = client.post(f"/rooms/bookings/{bookings[1].pk}/cancel/", {"following": "on"}, follow=True)
    assert "2 bookings have been cancelled." in response.content.decode()
    assert list(Booking.objects.order_by("starts_at").values_list("status", flat=True)) == [
        BookingStatus.CONFIRMED,
        BookingStatus.CANCELLED,
        BookingStatus.CANCELLED,
    ]
    response = client.post(f"/rooms/bookings/{bookings[1].pk}/cancel/", follow=True)
    assert "This booking has already been cancelled." in response.content.decode()


# --- Rooms and resources --------------------------------------------------------------------------


def _png(width=40, height=30):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("room.png", buffer.getvalue(), content_type="image/png")


def test_a_room_is_added_with_a_photo_re_encoded(client, lab, manager):
    client.force_login(manager)
    data = {
        "name": "Studio",
        "capacity": "10",
        "location": "Top floor",
        "opens_at": "09:00",
        "closes_at": "18:00",
        "step_free": "on",
        "photo": _png(),
        "photo_description": "A bright room with tables",
        "is_active": "on",
    }
    response = client.post(f"/rooms/lab/{lab.slug}/new/", data)
    room = Room.objects.get()
    assert response.status_code == 302
    assert room.lab == lab and room.step_free and room.is_active
    assert room.photo.name.endswith(".jpg")
    with Image.open(room.photo.path) as stored:
        assert stored.format == "JPEG"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"closes_at": "08:00"}, "The room must close after it opens."),
        ({"capacity": "-1"}, "greater than or equal to 0"),
        ({"name": ""}, "This field is required."),
        (
            {
                "photo": SimpleUploadedFile(
                    "x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/svg+xml"
                )
            },
            "Upload a valid image",
        ),
        ({"photo_description": ""}, "Say what the photo shows"),
    ],
)
def test_bad_room_input_changes_nothing(client, lab, manager, values, message):
    client.force_login(manager)
    data = {
        "name": "Studio",
        "capacity": "10",
        "location": "Top",
        "opens_at": "09:00",
        "closes_at": "18:00",
        "photo": _png(),
        "photo_description": "Tables",
        **values,
    }
    response = client.post(f"/rooms/lab/{lab.slug}/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Room.objects.exists()


def test_room_edit_and_resources(client, lab, room, manager):
    client.force_login(manager)
    data = {"name": "Big room", "capacity": "30", "location": "Ground floor", "opens_at": "08:00", "closes_at": "22:00"}
    assert client.post(f"/rooms/{room.pk}/edit/", data).status_code == 302
    room.refresh_from_db()
    assert (room.name, room.capacity, room.is_active) == ("Big room", 30, False)
    assert (
        client.post(f"/rooms/lab/{lab.slug}/resources/new/", {"name": "Projector", "quantity": "0"}).status_code == 200
    )
    assert (
        client.post(
            f"/rooms/lab/{lab.slug}/resources/new/", {"name": "Projector", "quantity": "2", "is_active": "on"}
        ).status_code
        == 302
    )
    resource = Resource.objects.get()
    assert "Projector" in client.get(f"/rooms/lab/{lab.slug}/resources/").content.decode()
    assert client.post(f"/rooms/resources/{resource.pk}/edit/", {"name": "Beamer", "quantity": "3"}).status_code == 302
    resource.refresh_from_db()
    assert (resource.name, resource.quantity) == ("Beamer", 3)


def test_room_pages_show_accessibility_and_equipment(client, lab, room):
    text = client.get(f"/rooms/{room.pk}/").content.decode()
    assert "Step-free access" in text
    assert "No hearing loop" in text
    assert "<li>Flipchart</li>" in text
    text = client.get(f"/rooms/lab/{lab.slug}/").content.decode()
    assert "step-free access" in text
    assert "Workshop room" in text


def test_script_in_names_is_escaped(client, lab, manager, monday):
    room = RoomFactory(lab=lab, name="<script>alert(1)</script>")
    _book(lab, room, monday, purpose="<img src=x onerror=alert(1)>")
    client.force_login(manager)
    for url in (
        f"/rooms/{room.pk}/?week={iso_week(monday)}",
        f"/rooms/lab/{lab.slug}/",
        f"/rooms/lab/{lab.slug}/week/?week={iso_week(monday)}",
    ):
        text = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in text
        assert "<img src=x" not in text


# --- Week calendar --------------------------------------------------------------------------------


def test_the_week_shows_purposes_to_organisers_and_only_booked_to_others(
    client, lab, room, monday, manager, participant
):
    _book(lab, room, monday, by=manager)
    url = f"/rooms/{room.pk}/?week={iso_week(monday)}"
    for user in (None, participant):
        if user:
            client.force_login(user)
        text = client.get(url).content.decode()
        assert "10:00–12:00" in text
        assert "booked" in text
        assert "Team meeting" not in text
        assert "Mara Manager" not in text
    client.force_login(manager)
    text = client.get(url).content.decode()
    assert "Team meeting" in text
    assert "Mara Manager" in text


def test_the_week_lists_free_times_and_closed_days(client, lab, room, monday, manager):
    _book(lab, room, monday)
    client.force_login(manager)
    text = client.get(f"/rooms/{room.pk}/?week={iso_week(monday)}").content.decode()
    assert "<caption" in text and 'scope="row"' in text
    assert "08:00–10:00" in text
    assert "12:00–20:00" in text
    assert f"/rooms/{room.pk}/book/?date={monday.isoformat()}&amp;from=12:00&amp;until=20:00" in text
    assert text.count("Closed") == 2  # Saturday and Sunday
    assert f"?week={iso_week(monday + dt.timedelta(weeks=1))}" in text
    assert f"?week={iso_week(monday - dt.timedelta(weeks=1))}" in text


def test_the_lab_week_shows_every_room(client, lab, room, monday):
    second = RoomFactory(lab=lab, name="Garden room", open_on_weekends=True)
    _book(lab, second, monday, 9, 10)
    text = client.get(f"/rooms/lab/{lab.slug}/week/?week={iso_week(monday)}").content.decode()
    assert "Workshop room" in text and "Garden room" in text
    assert "09:00–10:00" in text
    assert text.count("Closed") == 2  # only the workshop room closes on weekends


@pytest.mark.parametrize("week", ["2026-W99", "nonsense", "2026-W00", "²"])
def test_a_wrong_week_shows_this_week(client, room, week):
    assert client.get(f"/rooms/{room.pk}/", {"week": week}).status_code == 200


# --- iCalendar ------------------------------------------------------------------------------------


def _events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_the_room_feed_shows_only_booked_and_cancelled_ones_as_cancelled(client, lab, room, monday, manager):
    booking = _book(lab, room, monday, by=manager)
    gone = _book(lab, room, monday, 14, 15, purpose="Dropped")
    services.booking_cancel(booking=gone, by=manager)
    _book(lab, RoomFactory(lab=lab), monday, purpose="Other room")
    client.force_login(manager)
    events = _events(client.get(f"/rooms/{room.pk}/calendar.ics"))
    assert len(events) == 2
    by_uid = {str(e["UID"]): e for e in events}
    first = by_uid[f"{booking.uid}@kosilab"]
    assert str(first["SUMMARY"]) == "Booked"
    assert str(first["STATUS"]) == "CONFIRMED"
    assert first.decoded("DTSTART") == at(monday, 10)
    assert first.decoded("DTEND") == at(monday, 12)
    assert "Workshop room" in str(first["LOCATION"])
    assert str(by_uid[f"{gone.uid}@kosilab"]["STATUS"]) == "CANCELLED"
    assert "Team meeting" not in client.get(f"/rooms/{room.pk}/calendar.ics").content.decode()


def test_the_lab_feed_has_every_room_and_a_window(client, lab, room, monday):
    _book(lab, room, monday)
    _book(lab, RoomFactory(lab=lab), monday)
    far = Booking.objects.create(
        lab=lab,
        room=room,
        purpose="Far",
        starts_at=at(monday, 10) + dt.timedelta(days=400),
        ends_at=at(monday, 11) + dt.timedelta(days=400),
    )
    events = _events(client.get(f"/rooms/lab/{lab.slug}/calendar.ics"))
    assert len(events) == 2
    assert f"{far.uid}@kosilab" not in {str(e["UID"]) for e in events}


def test_the_booking_ics_has_the_details_and_a_rising_sequence(client, lab, room, monday, manager):
    booking = _book(lab, room, monday, resources={ResourceFactory(lab=lab, name="Projector"): 1})
    client.force_login(manager)
    response = client.get(f"/rooms/bookings/{booking.pk}/booking.ics")
    assert 'filename="booking-' in response["Content-Disposition"]
    [event] = _events(response)
    assert str(event["SUMMARY"]) == "Team meeting"
    assert "1 × Projector" in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) == 0
    services.booking_move(booking=booking, starts_at=at(monday, 14), ends_at=at(monday, 16), by=manager)
    [event] = _events(client.get(f"/rooms/bookings/{booking.pk}/booking.ics"))
    assert int(event["SEQUENCE"]) == 1
    services.booking_cancel(booking=booking, by=manager)
    [event] = _events(client.get(f"/rooms/bookings/{booking.pk}/booking.ics"))
    assert (int(event["SEQUENCE"]), str(event["STATUS"])) == (2, "CANCELLED")


def test_days_that_are_over_say_so_instead_of_offering_nothing(client, room):
    last_week = next_monday(weeks_ahead=-1)
    page = client.get(f"/rooms/{room.pk}/?week={iso_week(last_week)}").content.decode()
    assert page.count(">Over<") == 5  # Monday to Friday; the weekend is "Closed"
    assert "No free time left" not in page
