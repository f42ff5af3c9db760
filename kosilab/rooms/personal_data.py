"""What the rooms app stores about a person (see kosilab/core/personal_data.py).

Rooms and resources have names; they name things, not people.
"""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_bookings(user: User) -> list[dict[str, Any]]:
    from kosilab.rooms.models import Booking

    return [
        {
            "room": b.room.name if b.room is not None else None,
            "lab": b.lab.name,
            "purpose": b.purpose,
            "starts_at": iso(b.starts_at),
            "ends_at": iso(b.ends_at),
            "status": b.status,
        }
        for b in Booking.objects.filter(booked_by=user).select_related("room", "lab").order_by("starts_at", "pk")
    ]


declare(
    "rooms.Booking",
    fields=["booked_by"],
    erasure=Erasure.KEPT,
    what="Room and resource bookings the person made; the booking stays (the room stays taken).",
    export_key="room_bookings",
    export=_export_bookings,
)
