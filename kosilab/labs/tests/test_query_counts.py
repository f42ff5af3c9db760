"""The lab pages answer with a fixed number of SQL queries, whatever the number of labs, challenges,
events, rooms or team members (1 and 50; see kosilab/core/tests/queries.py)."""

from __future__ import annotations

import pytest

from kosilab.challenges.tests.factories import grow_challenges
from kosilab.core.tests.factories import UserFactory
from kosilab.core.tests.queries import grow_and_measure, list_pages_test
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.labs.tests.factories import grow_labs

pytestmark = pytest.mark.django_db

# Pinned query counts per page: (anonymous, lab manager). Session and user lookups included.
PINS = {
    "labs": (2, 5),
    "lab": (9, 13),  # + upcoming events, the profile and its partners and role models (knowledge)
    # The lab page with events and rooms but no challenges: no prefetch query for challenges.
    "lab-events": (8, 12),
    "team": (None, 6),  # + the count of the paginated team
}


@pytest.fixture
def setting(query_setting):
    return query_setting


test_list_pages_have_a_fixed_query_count = list_pages_test(
    [
        ("labs", lambda s: "/labs/", lambda s: grow_labs(s["manager"])),
        ("lab", lambda s: f"/labs/{s['lab'].slug}/", lambda s: grow_challenges(s["lab"])),
    ],
    PINS,
)


def test_lab_team_page_does_not_grow_with_the_team(client, setting):
    client.force_login(setting["manager"])

    def grow(n):
        for _ in range(n):
            lab_team_set(lab=setting["lab"], user=UserFactory(), role=LabRole.FACILITATOR, by=None)

    one, fifty = grow_and_measure(client, f"/labs/{setting['lab'].slug}/team/", grow)
    assert one == fifty
    assert one == PINS["team"][True]


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_lab_page_does_not_grow_with_events_or_rooms(client, setting, as_manager):
    from kosilab.events.tests.factories import EventFactory
    from kosilab.rooms.tests.factories import RoomFactory

    if as_manager:
        client.force_login(setting["manager"])
    lab = setting["lab"]

    def grow(n):
        for _ in range(n):
            room = RoomFactory(lab=lab)
            EventFactory(lab=lab, room=room, status="published")

    one, fifty = grow_and_measure(client, f"/labs/{lab.slug}/", grow)
    assert one == fifty
    assert one == PINS["lab-events"][as_manager]
