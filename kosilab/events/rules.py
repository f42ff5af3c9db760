"""Who may do what with events and registrations. Declared once here; tested as a matrix in
tests/test_permission_matrix.py.

Organisers of a lab's event are that lab's managers and facilitators. An event of the whole
network (no lab) is created by a manager of some lab for that lab (its organising lab), and
organised by the staff of that lab and of the co-organising labs it names; platform admins organise
every event. Names of attendees are never public: only organisers see the attendee list; an
attendee sees only their own registration.
"""

from __future__ import annotations

from typing import Any

import rules

from kosilab.accounts.types import Viewer
from kosilab.core.roles import platform_admin
from kosilab.events.policies import event_policy, organises, registration_policy
from kosilab.labs.models import LabRole
from kosilab.labs.roles import lab_roles
from kosilab.labs.rules import staff_of_lab


@rules.predicate
def manager_of_any_lab(user: Viewer) -> bool:
    return LabRole.MANAGER in lab_roles(user).values()


@rules.predicate
def no_lab(user: Viewer, lab: Any) -> bool:
    return lab is None


# The organisers, as kosilab/events/policies.py says, and platform admins.
organiser = rules.predicate(organises) | platform_admin

# Who sees an event: kosilab/events/policies.py.
rules.add_perm("events.view_event", event_policy.predicate)
# The obj is the lab (None for a network event).
rules.add_perm("events.add_event", (staff_of_lab & ~no_lab) | (no_lab & manager_of_any_lab) | platform_admin)
rules.add_perm("events.change_event", organiser)
# Attendee list, check-in, exports, certificates of others, feedback results.
rules.add_perm("events.manage_registrations", organiser)
# Who sees a registration (its person and the event's organisers): kosilab/events/policies.py.
rules.add_perm("events.view_registration", registration_policy.predicate)
