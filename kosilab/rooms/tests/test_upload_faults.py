"""Room photos when the upload folder fails: a clear message at the photo, no room row changed, no
file left behind; a photo whose room could not be saved is removed again."""

from __future__ import annotations

import pytest
from django.utils import translation

from kosilab.core.tests.upload_faults import (
    FAULTS,
    NO_SPACE,
    database_refuses,
    disk_fills_up,
    media_files,
    png_upload,
    upload_fault,
)
from kosilab.rooms.models import Room
from kosilab.rooms.tests.factories import RoomFactory, room_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("fault", "message"), FAULTS)
def test_adding_a_room_with_a_photo(client, lab, manager, settings, tmp_path, fault, message):
    client.force_login(manager)
    with upload_fault(fault, settings, tmp_path):
        response = client.post(f"/rooms/lab/{lab.slug}/new/", room_form_data())
    assert response.status_code == 200
    assert message in response.context["form"].errors["photo"]
    assert message in response.content.decode()
    assert not Room.objects.exists()
    assert media_files() == []


@pytest.mark.parametrize(("fault", "message"), FAULTS)
def test_changing_the_photo_of_a_room(client, lab, manager, settings, tmp_path, fault, message):
    client.force_login(manager)
    room = RoomFactory(lab=lab, name="Studio", description="As it was")
    with upload_fault(fault, settings, tmp_path):
        response = client.post(f"/rooms/{room.pk}/edit/", room_form_data(description="Changed"))
    assert response.status_code == 200
    assert message in response.content.decode()
    room.refresh_from_db()
    assert (room.description, room.photo.name) == ("As it was", "")
    assert media_files() == []


def test_a_photo_whose_room_could_not_be_saved_is_removed(client, lab, manager):
    """The photo is on the disk, then the database refuses the row: 503 (the form can be sent again)."""
    client.force_login(manager)
    with database_refuses('INSERT INTO "rooms_room"'):
        response = client.post(f"/rooms/lab/{lab.slug}/new/", room_form_data())
    assert response.status_code == 503
    assert not Room.objects.exists()
    assert media_files() == []


def test_a_new_photo_whose_room_could_not_be_saved_is_removed(client, lab, manager):
    client.force_login(manager)
    room = RoomFactory(lab=lab, name="Studio")
    with database_refuses('UPDATE "rooms_room"'):
        response = client.post(f"/rooms/{room.pk}/edit/", room_form_data())
    assert response.status_code == 503
    room.refresh_from_db()
    assert room.photo.name == ""
    assert media_files() == []


def test_the_room_is_added_once_there_is_space_again(client, lab, manager):
    client.force_login(manager)
    with disk_fills_up():
        client.post(f"/rooms/lab/{lab.slug}/new/", room_form_data())
    response = client.post(f"/rooms/lab/{lab.slug}/new/", room_form_data())
    assert response.status_code == 302
    room = Room.objects.get()
    assert media_files() == [room.photo.name]


def test_the_admin_answers_503_with_the_message_not_500(client, admin_user, lab):
    client.force_login(admin_user)
    data = room_form_data(lab=lab.pk)
    with disk_fills_up():
        response = client.post("/admin/rooms/room/add/", data)
    assert response.status_code == 503
    assert NO_SPACE in response.content.decode()
    assert not Room.objects.exists()
    assert media_files() == []


def _room_with_photo(client, lab, manager) -> Room:
    client.force_login(manager)
    client.post(f"/rooms/lab/{lab.slug}/new/", room_form_data())
    room = Room.objects.get()
    assert media_files() == [room.photo.name]
    return room


def test_a_replaced_photo_is_removed_after_the_commit(client, lab, manager, django_capture_on_commit_callbacks):
    room = _room_with_photo(client, lab, manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/rooms/{room.pk}/edit/", room_form_data())
    assert response.status_code == 302
    room.refresh_from_db()
    assert media_files() == [room.photo.name]


def test_a_cleared_photo_is_removed_after_the_commit(client, lab, manager, django_capture_on_commit_callbacks):
    room = _room_with_photo(client, lab, manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/rooms/{room.pk}/edit/", room_form_data(photo="", **{"photo-clear": "on"}))
    room.refresh_from_db()
    assert room.photo.name == ""
    assert media_files() == []


def test_the_old_photo_stays_when_the_new_one_cannot_be_stored(
    client, lab, manager, django_capture_on_commit_callbacks
):
    room = _room_with_photo(client, lab, manager)
    with django_capture_on_commit_callbacks(execute=True), disk_fills_up():
        response = client.post(f"/rooms/{room.pk}/edit/", room_form_data())
    assert NO_SPACE in response.content.decode()
    stored = Room.objects.get().photo.name
    assert stored == room.photo.name
    assert media_files() == [stored]


def test_the_old_photo_stays_when_the_room_cannot_be_saved(client, lab, manager, django_capture_on_commit_callbacks):
    room = _room_with_photo(client, lab, manager)
    with django_capture_on_commit_callbacks(execute=True), database_refuses('UPDATE "rooms_room"'):
        response = client.post(f"/rooms/{room.pk}/edit/", room_form_data())
    assert response.status_code == 503
    assert Room.objects.get().photo.name == room.photo.name
    assert media_files() == [room.photo.name]


def test_a_photo_stored_by_the_admin_is_removed_when_the_room_cannot_be_saved(client, lab):
    """The admin saves through its own views; a database that refuses the row leaves no file."""
    from django.contrib import admin as django_admin
    from django.test import RequestFactory

    from kosilab.core.tests.factories import UserFactory

    admin_user = UserFactory(is_superuser=True, is_staff=True)
    room = RoomFactory(lab=lab)
    request = RequestFactory().get("/")
    request.user = admin_user
    form = django_admin.site._registry[Room].get_form(request, room)(instance=room)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, "", False) or name == "photo":
            continue
        data[name] = "on" if value is True else (value.strftime("%H:%M") if hasattr(value, "strftime") else value)
    data["photo"] = png_upload("room.png", "teal")
    client.force_login(admin_user)

    with database_refuses('UPDATE "rooms_room"'):
        response = client.post(f"/admin/rooms/room/{room.pk}/change/", data)

    assert response.status_code == 503
    room.refresh_from_db()
    assert not room.photo
    assert media_files() == []
