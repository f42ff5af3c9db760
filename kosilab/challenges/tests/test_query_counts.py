"""The challenge pages answer with a fixed number of SQL queries, whatever the number of challenges
or participants (1 and 50; see kosilab/core/tests/queries.py)."""

from __future__ import annotations

import pytest

from kosilab.challenges.models import Participation, WantedSector
from kosilab.challenges.tests.factories import grow_challenges
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import ChallengeFactory, OrganisationFactory, UserFactory
from kosilab.core.tests.queries import grow_and_measure, list_pages_test

pytestmark = pytest.mark.django_db

# Pinned query counts per page: (anonymous, lab manager). Session and user lookups included.
PINS = {
    "challenges": (4, 7),
    "challenge": (5, 13),  # + ideas panel; + following (logged in)
}


@pytest.fixture
def setting(query_setting):
    return query_setting


test_list_pages_have_a_fixed_query_count = list_pages_test(
    [("challenges", lambda s: "/challenges/?status=open&sector=science", lambda s: grow_challenges(s["lab"]))], PINS
)


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_challenge_page_does_not_grow_with_participants(client, setting, as_manager):
    challenge = ChallengeFactory(lab=setting["lab"], status="open")
    WantedSector.objects.create(challenge=challenge, sector=Sector.SCIENCE)
    if as_manager:
        client.force_login(setting["manager"])

    def grow(n):
        for _ in range(n):
            org = OrganisationFactory()
            Participation.objects.create(challenge=challenge, user=UserFactory(), kind="joined", organisation=org)

    one, fifty = grow_and_measure(client, f"/challenges/{challenge.pk}/", grow)
    assert one == fifty
    assert one == PINS["challenge"][as_manager]
