"""The process pages answer with a fixed number of SQL queries, whatever the number of processes,
members, milestones, log entries or candidates (1 and 50; see kosilab/core/tests/queries.py)."""

from __future__ import annotations

import datetime

import pytest

from kosilab.challenges.models import Participation, WantedSector
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import ChallengeFactory, OrganisationFactory, ProcessFactory, UserFactory
from kosilab.core.tests.queries import grow_and_measure, list_pages_test
from kosilab.processes.models import LogEntry, Milestone, PhaseTransition, ProcessMember

pytestmark = pytest.mark.django_db

# Pinned query counts per page: (anonymous, lab manager). Session and user lookups included.
PINS = {
    "processes": (3, 7),
    # + ideas panel; + following (logged in); + a count each for the pages of team and milestones;
    # + the open invitations (who keeps the team).
    "process": (12, 20),
    "team": 10,  # the team page of a lab manager, with invitations (and their count for the pages)
    "invitation": 1,  # the invitation link, anonymous: the invitation with its process and lab
}


@pytest.fixture
def setting(query_setting):
    return query_setting


def _processes(lab):
    def grow(n):
        for _ in range(n):
            process = ProcessFactory(lab=lab, challenge=ChallengeFactory(lab=lab, status="open"))
            ProcessMember.objects.create(process=process, user=UserFactory(), sector=Sector.BUSINESS)

    return grow


test_list_pages_have_a_fixed_query_count = list_pages_test(
    [("processes", lambda s: "/processes/", lambda s: _processes(s["lab"]))], PINS
)


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_process_page_does_not_grow_with_members_milestones_or_log(client, setting, as_manager):
    lab = setting["lab"]
    challenge = ChallengeFactory(lab=lab, status="open")
    WantedSector.objects.create(challenge=challenge, sector=Sector.SCIENCE)
    process = ProcessFactory(lab=lab, challenge=challenge)
    phase = process.current_phase
    if as_manager:
        client.force_login(setting["manager"])

    def grow(n):
        for i in range(n):
            org = OrganisationFactory()
            ProcessMember.objects.create(process=process, user=UserFactory(), sector=org.sector, organisation=org)
            Milestone.objects.create(process=process, title=f"M{i}", due_on=datetime.date(2030, 1, 1), phase=phase)
            LogEntry.objects.create(process=process, author=setting["manager"], text="Met.")
            # Someone who joined the challenge and is not in the team yet: listed as a candidate.
            candidate = UserFactory(profile={"organisation": org, "sector": org.sector})
            Participation.objects.create(challenge=challenge, user=candidate, kind="joined", organisation=org)
            PhaseTransition.objects.create(
                process=process, from_phase=phase, to_phase=phase, by=setting["manager"], reason="r"
            )

    one, fifty = grow_and_measure(client, f"/processes/{process.pk}/", grow)
    assert one == fifty
    assert one == PINS["process"][as_manager]


def test_team_page_does_not_grow_with_members_or_invitations(client, setting):
    from kosilab.processes.services import invitation_send

    lab = setting["lab"]
    process = ProcessFactory(lab=lab)
    client.force_login(setting["manager"])

    def grow(n):
        for i in range(n):
            org = OrganisationFactory()
            ProcessMember.objects.create(process=process, user=UserFactory(), sector=org.sector, organisation=org)
            invitation_send(
                process=process, email=f"guest{i}-{n}@example.org", role="expert", sector="science", by=None
            )

    one, fifty = grow_and_measure(client, f"/processes/{process.pk}/team/", grow)
    assert one == fifty == PINS["team"]


def test_invitation_page_has_a_fixed_query_count(client, setting, django_assert_num_queries):
    from kosilab.processes.services import invitation_send

    process = ProcessFactory(lab=setting["lab"])
    _invitation, token = invitation_send(
        process=process, email="guest@example.org", role="expert", sector="science", by=None
    )
    with django_assert_num_queries(PINS["invitation"]):
        assert client.get(f"/processes/invitations/{token}/").status_code == 200
