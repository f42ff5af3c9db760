"""Who may see rooms, resources and bookings: whoever sees their lab (kosilab/core/visibility.py).

Rooms and resources of a public lab, and when they are busy, are seen by everybody; what a booking
is for and who made it is for the lab's team (``rooms.view_booking`` in kosilab/rooms/rules.py).
"""

from __future__ import annotations

from kosilab.core.visibility import register
from kosilab.labs.policies import InLabPolicy
from kosilab.rooms.models import Booking, Resource, Room


class RoomPolicy(InLabPolicy[Room]):
    model = Room
    perm = "rooms.view_room"


class ResourcePolicy(InLabPolicy[Resource]):
    model = Resource
    perm = "rooms.view_resource"


class BookingPolicy(InLabPolicy[Booking]):
    """That a booking exists, and when: in the room's week calendar and the lab's feeds."""

    model = Booking
    perm = "rooms.see_booking"


room_policy = register(RoomPolicy())
resource_policy = register(ResourcePolicy())
booking_policy = register(BookingPolicy())
