"""Factories and time helpers for the rooms tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from kosilab.core.tests.upload_faults import png_upload
from kosilab.rooms.models import Resource, Room


class RoomFactory(factory.django.DjangoModelFactory[Room]):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 12
    location = "Ground floor, Main Street 1"
    opens_at = dt.time(8)
    closes_at = dt.time(20)


class ResourceFactory(factory.django.DjangoModelFactory[Resource]):
    class Meta:
        model = Resource

    name = factory.Sequence(lambda n: f"Resource {n}")
    quantity = 1


def next_monday(weeks_ahead: int = 2) -> dt.date:
    """A Monday a few weeks from today (local time)."""
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks_ahead)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A local (Europe/Berlin) time on ``day``, timezone-aware."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def room_form_data(**values: object) -> dict[str, object]:
    """What the room form sends for a new room with a photo; ``values`` change or add fields."""
    data: dict[str, object] = {
        "name": "Studio",
        "capacity": "10",
        "location": "Top floor",
        "opens_at": "09:00",
        "closes_at": "18:00",
        "photo": png_upload("room.png", "teal"),
        "photo_description": "A bright room with tables",
        "is_active": "on",
    }
    return data | values
