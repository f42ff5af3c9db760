"""Who may do what with rooms, resources and bookings. Declared once here; tested as a matrix in
tests/test_permission_matrix.py.

Rooms and resources of a public lab, and when they are busy, are visible to everyone. What a
booking is for and who made it is for the lab's organisers (managers and facilitators) and platform
admins; they also manage rooms and resources and make, move and cancel bookings.
"""

from __future__ import annotations

from typing import Any

import rules

from kosilab.labs.rules import platform_admin, staff_of_lab


@rules.predicate
def lab_of_object_is_public(user: Any, obj: Any) -> bool:
    """A room, resource or booking whose lab is public."""
    return bool(obj.lab.is_public)


organiser = staff_of_lab | platform_admin

# On a Room, Resource or Booking: it exists for you (others get "not found").
rules.add_perm("rooms.view_room", lab_of_object_is_public | organiser)
rules.add_perm("rooms.view_resource", lab_of_object_is_public | organiser)
rules.add_perm("rooms.see_booking", lab_of_object_is_public | organiser)
# On a Lab, Room or Resource: add and change rooms and resources.
rules.add_perm("rooms.manage", organiser)
# On a Lab or Room: book.
rules.add_perm("rooms.book", organiser)
# On a Booking: its purpose, who booked it, its page and .ics; move and cancel it.
rules.add_perm("rooms.view_booking", organiser)
rules.add_perm("rooms.change_booking", organiser)
