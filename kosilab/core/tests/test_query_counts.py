"""Every list and detail page answers with a fixed number of SQL queries, whatever the data.

Each case measures a page with 1 row of what grows on it and again with 50, and pins the count.
If a pin changes, find out why before changing the number.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kosilab.actors.models import Organisation, Profile
from kosilab.challenges.models import Participation, WantedSector
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, OrganisationFactory, ProcessFactory, UserFactory
from kosilab.labs.models import LabMembership, LabRole
from kosilab.labs.services import lab_team_set
from kosilab.processes.models import LogEntry, Milestone, PhaseTransition, ProcessMember

pytestmark = pytest.mark.django_db


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def grow_and_measure(client, url, grow):
    """Query counts with 1 and with 50 rows."""
    grow(1)
    one = count(client, url)
    grow(49)
    fifty = count(client, url)
    return one, fifty


@pytest.fixture
def setting(db):
    lab = LabFactory(slug="q", name="Q")
    manager = UserFactory()
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    return {"lab": lab, "manager": manager}


def _people(n, **profile):
    users = [UserFactory(profile=profile) for _ in range(n)]
    return users


def _challenges(lab):
    def grow(n):
        for _ in range(n):
            challenge = ChallengeFactory(lab=lab, status="open")
            WantedSector.objects.create(challenge=challenge, sector=Sector.SCIENCE)
            WantedSector.objects.create(challenge=challenge, sector=Sector.PUBLIC)
            Participation.objects.create(challenge=challenge, user=UserFactory(), kind="joined")

    return grow


def _processes(lab):
    def grow(n):
        for _ in range(n):
            process = ProcessFactory(lab=lab, challenge=ChallengeFactory(lab=lab, status="open"))
            ProcessMember.objects.create(process=process, user=UserFactory(), sector=Sector.BUSINESS)

    return grow


def _labs(manager):
    def grow(n):
        for _ in range(n):
            lab = LabFactory(slug=f"lab-{LabMembership.objects.count()}-{Organisation.objects.count()}")
            lab_team_set(lab=lab, user=manager, role=LabRole.FACILITATOR, by=None)
            ChallengeFactory(lab=lab, status="open")

    return grow


def _people_with_organisations(n):
    for _ in range(n):
        UserFactory(profile={"visibility": "public", "organisation": OrganisationFactory(), "skills": "Moderation"})


# Pinned query counts per page: (anonymous, lab manager). Session and user lookups included.
PINS = {
    "home": (4, 8),
    "labs": (2, 5),
    "lab": (7, 11),  # + upcoming events
    # The lab page with events and rooms but no challenges: no prefetch query for challenges.
    "lab-events": (6, 10),
    "challenges": (4, 7),
    "challenge": (5, 13),  # + ideas panel; + following (logged in)
    "processes": (3, 7),
    "process": (10, 17),  # + ideas panel; + following (logged in)
    "organisations": (2, 5),
    "people": (2, 5),
    "organisation": (4, 7),
    "manage": (None, 7),
    "team": (None, 5),
}


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
@pytest.mark.parametrize(
    ("page", "url", "grow"),
    [
        ("home", lambda s: "/", lambda s: _challenges(s["lab"])),
        ("labs", lambda s: "/labs/", lambda s: _labs(s["manager"])),
        ("lab", lambda s: f"/labs/{s['lab'].slug}/", lambda s: _challenges(s["lab"])),
        ("challenges", lambda s: "/challenges/?status=open&sector=science", lambda s: _challenges(s["lab"])),
        ("processes", lambda s: "/processes/", lambda s: _processes(s["lab"])),
        (
            "organisations",
            lambda s: "/actors/organisations/",
            lambda s: lambda n: [OrganisationFactory() for _ in range(n)],
        ),
        ("people", lambda s: "/actors/people/", lambda s: _people_with_organisations),
    ],
)
def test_list_pages_have_a_fixed_query_count(client, setting, as_manager, page, url, grow):
    if as_manager:
        client.force_login(setting["manager"])
    one, fifty = grow_and_measure(client, url(setting), grow(setting))
    assert one == fifty, f"{page}: {one} queries with 1 row, {fifty} with 50"
    assert one == PINS[page][as_manager]


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


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_organisation_page_does_not_grow_with_people(client, setting, as_manager):
    org = OrganisationFactory()
    if as_manager:
        client.force_login(setting["manager"])

    def grow(n):
        for _ in range(n):
            Profile.objects.filter(user=UserFactory()).update(organisation=org, visibility="public")

    one, fifty = grow_and_measure(client, f"/actors/organisations/{org.pk}/", grow)
    assert one == fifty
    assert one == PINS["organisation"][as_manager]


def test_manage_page_does_not_grow_with_labs_drafts_or_processes(client, setting):
    client.force_login(setting["manager"])
    add_labs = _labs(setting["manager"])

    def grow(n):
        add_labs(n)
        for _ in range(n):
            ChallengeFactory(lab=setting["lab"], status="draft")
            process = ProcessFactory(lab=setting["lab"])
            ProcessMember.objects.create(process=process, user=UserFactory(), sector=Sector.SCIENCE)

    one, fifty = grow_and_measure(client, "/manage/", grow)
    assert one == fifty
    assert one == PINS["manage"][True]


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
