"""Synthetic rooms, resources and bookings in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py).

Bookings lie on weekdays from ``BOOKING_DAYS[0]`` to ``BOOKING_DAYS[1]`` days from today, at most
one in the morning and one in the afternoon per room, so that no two overlap. Events, which book
no room here, are kosilab/events/scale.py's.
"""

from __future__ import annotations

import datetime

from kosilab.actors.scale import INTERESTS
from kosilab.core.scale import ScaleContext
from kosilab.labs.scale import LabInfo
from kosilab.rooms.models import Booking, Resource, Room

ROOMS_PER_LAB = 3
RESOURCES_PER_LAB = 4
BOOKING_DAYS = (-60, 120)  # bookings on weekdays from 60 days ago to 120 days ahead, two a day per room
ROOM_NAMES = ["Werkstatt", "Großer Saal", "Besprechungsraum", "Atelier", "Küche", "Lernraum", "Dachterrasse"]
RESOURCE_NAMES = [("Moderationskoffer", 3), ("Beamer", 2), ("Lastenrad", 2), ("Stellwände", 8), ("Laptop", 5)]


def rooms(ctx: ScaleContext, labs: list[LabInfo]) -> None:
    """Rooms and resources of each lab, and bookings on weekdays around today that never overlap in a room."""
    rng = ctx.rng
    objs: list[Room] = []
    resources: list[Resource] = []
    for info in labs:
        for name in rng.sample(ROOM_NAMES, ROOMS_PER_LAB):
            objs.append(
                Room(
                    lab=info.lab,
                    name=name,
                    capacity=rng.choice([8, 12, 20, 40, 80]),
                    location=info.lab.address,
                    step_free=rng.random() < 0.7,
                    hearing_loop=rng.random() < 0.3,
                    equipment="Flipchart\nStellwände\nWLAN",
                )
            )
        for name, quantity in rng.sample(RESOURCE_NAMES, RESOURCES_PER_LAB):
            resources.append(Resource(lab=info.lab, name=name, quantity=quantity))
    saved = ctx.bulk(Room, objs)
    ctx.bulk(Resource, resources)
    bookings: list[Booking] = []
    first, last = BOOKING_DAYS
    for room in saved:
        for offset in range(first, last):
            day = ctx.today + datetime.timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            for start, end in ((9, 12), (13, 17)):
                if rng.random() < 0.5:
                    continue
                bookings.append(
                    Booking(
                        lab_id=room.lab_id,
                        room=room,
                        purpose=f"{rng.choice(INTERESTS)}: Treffen",
                        starts_at=datetime.datetime.combine(day, datetime.time(start), tzinfo=ctx.tz),
                        ends_at=datetime.datetime.combine(day, datetime.time(end), tzinfo=ctx.tz),
                        booked_by=rng.choice(labs).manager,
                    )
                )
    ctx.bulk(Booking, bookings)
    ctx.progress(f"{len(saved)} rooms, {len(resources)} resources, {len(bookings)} bookings")
