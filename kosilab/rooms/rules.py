"""Who may do what with rooms, resources and bookings. Declared once here; tested as a matrix in
tests/test_permission_matrix.py.

Rooms and resources of a public lab, and when they are busy, are visible to everyone. What a
booking is for and who made it is for the lab's organisers (managers and facilitators) and platform
admins; they also manage rooms and resources and make, move and cancel bookings.
"""

from __future__ import annotations

import rules

from kosilab.core.roles import platform_admin
from kosilab.labs.rules import staff_of_lab
from kosilab.rooms.policies import booking_policy, resource_policy, room_policy

organiser = staff_of_lab | platform_admin

# On a Room, Resource or Booking: it exists for you (others get "not found"); who sees it:
# kosilab/rooms/policies.py.
rules.add_perm("rooms.view_room", room_policy.predicate)
rules.add_perm("rooms.view_resource", resource_policy.predicate)
rules.add_perm("rooms.see_booking", booking_policy.predicate)
# On a Lab, Room or Resource: add and change rooms and resources.
rules.add_perm("rooms.manage", organiser)
# On a Lab or Room: book.
rules.add_perm("rooms.book", organiser)
# On a Booking: its purpose, who booked it, its page and .ics; move and cancel it.
rules.add_perm("rooms.view_booking", organiser)
rules.add_perm("rooms.change_booking", organiser)
