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

from kosilab.labs.models import LabRole
from kosilab.labs.roles import lab_roles
from kosilab.labs.rules import platform_admin, staff_of_lab


@rules.predicate
def network_event(user: Any, event: Any) -> bool:
    return event.lab_id is None


@rules.predicate
def manager_of_any_lab(user: Any) -> bool:
    return LabRole.MANAGER in lab_roles(user).values()


@rules.predicate
def event_is_visible_to_all(user: Any, event: Any) -> bool:
    from kosilab.events.models import EventStatus

    if event.status == EventStatus.DRAFT:
        return False
    return event.lab_id is None or bool(event.lab.is_public)


@rules.predicate
def no_lab(user: Any, lab: Any) -> bool:
    return lab is None


@rules.predicate
def organiser_of_network_event(user: Any, event: Any) -> bool:
    """Staff of the network event's organising lab or of one of its co-organising labs."""
    if event.lab_id is not None:
        return False
    roles = lab_roles(user)
    if not roles:
        return False
    if event.organising_lab_id in roles:
        return True
    return bool(event.co_organisers.filter(pk__in=list(roles)).exists())


organiser = (staff_of_lab & ~network_event) | organiser_of_network_event | platform_admin


@rules.predicate
def own_registration(user: Any, registration: Any) -> bool:
    return bool(user.is_authenticated and registration.user_id == user.pk)


@rules.predicate
def organiser_of_registration(user: Any, registration: Any) -> bool:
    return organiser.test(user, registration.event)


rules.add_perm("events.view_event", event_is_visible_to_all | organiser)
# The obj is the lab (None for a network event).
rules.add_perm("events.add_event", (staff_of_lab & ~no_lab) | (no_lab & manager_of_any_lab) | platform_admin)
rules.add_perm("events.change_event", organiser)
# Attendee list, check-in, exports, certificates of others, feedback results.
rules.add_perm("events.manage_registrations", organiser)
rules.add_perm("events.view_registration", own_registration | organiser_of_registration)
