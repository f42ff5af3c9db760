"""Who sees events and registrations: the object rule, the queryset and the permission agree
(kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.core.tests.visibility import agreement
from kosilab.events.models import EventStatus
from kosilab.events.policies import event_policy, registration_policy
from kosilab.events.tests.factories import EventFactory, register


def network_events(world, status):
    """Network events organised by "home", by "other", and by "other" with "home" co-organising."""
    by_home = EventFactory(lab=None, organising_lab=world["lab"], status=status)
    by_other = EventFactory(lab=None, organising_lab=world["other_lab"], status=status)
    with_home = EventFactory(lab=None, organising_lab=world["other_lab"], status=status)
    with_home.co_organisers.add(world["lab"])
    return [by_home, by_other, with_home]


@agreement(event_policy)
def test_events(world):
    events = []
    for status in EventStatus:
        events += [EventFactory(lab=world[lab], status=status) for lab in ("lab", "private_lab", "other_lab")]
        events += network_events(world, status)
    return events


@agreement(registration_policy)
def test_registrations(world):
    people = world["people"]
    events = [EventFactory(lab=world[lab]) for lab in ("lab", "private_lab", "other_lab")]
    events += network_events(world, EventStatus.PUBLISHED)
    registrations = []
    for event in events:
        registrations.append(register(event, people["participant"]))
        registrations.append(register(event, people["member"]))
        registrations.append(register(event))  # a guest
    return registrations
