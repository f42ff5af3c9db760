"""Factories and time helpers for the rooms tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

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
