"""The network pages answer with a fixed number of SQL queries, whatever the size of the network
(1 and 50 processes with their teams, challenges with participants, results with co-authors and
handovers). Measured as a visitor and as the lab's manager (who may show people)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from kosilab.challenges.models import Participation
from kosilab.continuation.models import Handover
from kosilab.cooperation.tests.factories import START, member, person
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import ChallengeFactory, OrganisationFactory, ProcessFactory
from kosilab.core.tests.queries import count, grow_and_measure
from kosilab.results.tests.factories import make_result

pytestmark = pytest.mark.django_db

# Computed in the page: the lab (1), the fingerprint (1), the ties (team, challenge, event, two for
# results, two for handovers: 7), the sectors (1), the names (1). The manager: session, user and lab
# roles (3 more). People: no handover ties (2 fewer), the names from the profiles the manager may
# see (the profile policy's queryset, which reads the manager's process roles: 1 more).
PINS = {
    ("lab", False): 11,
    ("lab", True): 14,
    ("lab-people", True): 13,
}
# From the cache: the lab, the fingerprint and the names.
CACHED_PINS = {("lab", False): 3, ("lab", True): 6}


@pytest.fixture
def setting(query_setting):
    cache.clear()
    return query_setting


def grower(lab):
    sectors = list(Sector.values)

    def grow(n):
        for i in range(n):
            organisations = [OrganisationFactory(sector=sectors[(i + k) % 4]) for k in range(3)]
            people = [person(o) for o in organisations]
            process = ProcessFactory(lab=lab, started_on=START, title=f"P{i}")
            for user in people:
                member(process, user)
            challenge = ChallengeFactory(lab=lab, status="open")
            for user in people[:2]:
                Participation.objects.create(challenge=challenge, user=user, kind="joined")
            result = make_result(process, created_by=people[0])
            Handover.objects.create(
                result=result, taker_kind="organisation", taker_organisation=OrganisationFactory(), form="project"
            )

    return grow


@pytest.mark.parametrize(
    ("page", "query", "as_manager"),
    [("lab", "", False), ("lab", "", True), ("lab-people", "?nodes=person", True)],
)
def test_the_lab_network_page_has_a_fixed_query_count(client, setting, page, query, as_manager):
    if as_manager:
        client.force_login(setting["manager"])
    url = f"/cooperation/lab/{setting['lab'].slug}/{query}"

    one, fifty = grow_and_measure(client, url, grower(setting["lab"]))

    assert one == fifty, f"{one} queries with 1 process, {fifty} with 50"
    assert one == PINS[(page, as_manager)]


@pytest.mark.parametrize("as_manager", [False, True])
def test_a_cached_network_asks_only_for_the_fingerprint(client, setting, as_manager):
    if as_manager:
        client.force_login(setting["manager"])
    url = f"/cooperation/lab/{setting['lab'].slug}/"
    grower(setting["lab"])(5)
    count(client, url)

    assert count(client, url) == CACHED_PINS[("lab", as_manager)]


def test_the_installation_page_has_a_fixed_query_count(client, setting, django_capture_on_commit_callbacks):
    grow = grower(setting["lab"])

    def measure():
        with django_capture_on_commit_callbacks(execute=True):
            client.get("/cooperation/")  # queues and (immediate backend) runs the analysis
        return count(client, "/cooperation/")

    grow(1)
    one = measure()
    grow(49)
    # The fingerprint, the stored analysis, the names, the labs the reader sees.
    assert measure() == one == 4
