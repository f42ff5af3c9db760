"""The pages of proposals, their review, the check of facts and a lab's own profile answer with a fixed
number of SQL queries, whatever the number of proposals, proposed fields, facts, profiles or what the
lab has done (measured with 1 and with 50)."""

from __future__ import annotations

import itertools

import pytest

from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import ProcessFactory, UserFactory
from kosilab.core.tests.queries import grow_and_measure
from kosilab.knowledge import services
from kosilab.knowledge.models import ProfileProposal
from kosilab.knowledge.tests.editing import case_study
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.methods.models import Method
from kosilab.planning.services import block_add
from kosilab.planning.tests.factories import SessionFactory
from kosilab.processes.services import member_add

pytestmark = pytest.mark.django_db

# Per page: (as the proposer or the lab's manager, as a platform admin).
PINS = {
    "proposals": (5, 4),
    "proposal": (7, 6),
    "propose": (5, 4),
    "propose_edit": (7, 6),
    "own_profile": (17, 16),
    "facts_check": (None, 3),
}


@pytest.fixture
def setting(query_setting):
    lab = query_setting["lab"]
    staff = UserFactory()
    lab_team_set(lab=lab, user=staff, role=LabRole.FACILITATOR, by=None)
    admin = UserFactory(is_superuser=True, is_staff=True)
    return {**query_setting, "staff": staff, "admin": admin, "profile": case_study()}


def _login(client, setting, role):
    client.force_login(setting[role])


def _proposal(setting, **data):
    profile = setting["profile"]
    return services.proposal_create(
        actor=setting["staff"],
        lab=setting["lab"],
        profile=profile,
        data=data or {"founded": 2003},
        sources="https://example.org/a",
        expected_version=profile.version,
    )


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_the_list_of_proposals(client, setting, role):
    _login(client, setting, role)
    others = [case_study(slug=f"other-{n}", name=f"Other {n}") for n in range(50)]

    def grow(n):
        for profile in others[ProfileProposal.objects.count() : ProfileProposal.objects.count() + n]:
            services.proposal_create(
                actor=setting["staff"], lab=setting["lab"], profile=profile, data={"team_size": 3}, sources="Book"
            )

    one, fifty = grow_and_measure(client, "/knowledge/proposals/", grow)
    assert (one, fifty) == (PINS["proposals"][role == "admin"],) * 2


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_a_proposal_beside_the_current_profile(client, setting, role):
    methods = list(Method.objects.filter(lab__isnull=True).values_list("slug", flat=True)[:50])
    themes = ["employment", "mobility", "health", "culture", "education"]
    _login(client, setting, role)
    proposal = _proposal(setting, founded=2003)

    def grow(n):
        # More proposed fields and facts with sources of their own (the profile changes meanwhile, too).
        data = {
            "founded": 2003,
            "methods": methods[: len(proposal.data.get("methods", [])) + n],
            "themes": themes,
            "team_size": 7,
            "facts": {"team": {"sources": [f"https://example.org/{i}" for i in range(n)], "certainty": "unverified"}},
        }
        ProfileProposal.objects.filter(pk=proposal.pk).update(data=data)
        proposal.data = data
        profile = setting["profile"]
        profile.refresh_from_db()
        services.profile_update(
            profile=profile, actor=None, data={"team_size": profile.version}, expected_version=profile.version
        )

    one, fifty = grow_and_measure(client, f"/knowledge/proposals/{proposal.pk}/", grow)
    assert (one, fifty) == (PINS["proposal"][role == "admin"],) * 2


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_the_forms_to_propose(client, setting, role):
    _login(client, setting, role)
    counter = itertools.count(1)

    def grow(n):
        # More case studies in the library, more proposals of the person.
        for _ in range(n):
            number = next(counter)
            case_study(slug=f"more-{number}", name=f"More {number}")
            _proposal(setting, team_size=number)

    one, fifty = grow_and_measure(client, "/knowledge/propose/", grow)
    assert (one, fifty) == (PINS["propose"][role == "admin"],) * 2
    one, fifty = grow_and_measure(client, "/knowledge/labs/testlab/propose/", grow)
    assert (one, fifty) == (PINS["propose_edit"][role == "admin"],) * 2


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_the_own_profile_page(client, setting, role):
    lab = setting["lab"]
    _login(client, setting, role)
    services.own_profile_update(lab=lab, actor=None, data={"team_size": 2}, expected_version=0)
    shared = Method.objects.get(slug="design-thinking")

    def grow(n):
        for _ in range(n):
            process = ProcessFactory(lab=lab)
            member_add(process=process, user=UserFactory(), role="expert", by=None, sector=Sector.SCIENCE)
            block_add(session=SessionFactory(process=process), by=None, method=shared)
            lab_team_set(lab=lab, user=UserFactory(), role=LabRole.FACILITATOR, by=None)

    one, fifty = grow_and_measure(client, "/knowledge/own/q/", grow)
    assert (one, fifty) == (PINS["own_profile"][role == "admin"],) * 2


def test_the_check_of_facts(client, setting):
    _login(client, setting, "admin")
    profile = setting["profile"]

    def grow(n):
        # More sources per fact, more facts, more versions.
        profile.refresh_from_db()
        sources = [f"Book {profile.version}, p. {page}" for page in range(min(n, 30))]
        services.profile_update(
            profile=profile,
            actor=None,
            data={"team_size": profile.version, "facts": {"team": {"sources": sources}}},
            expected_version=profile.version,
        )

    one, fifty = grow_and_measure(client, "/knowledge/labs/testlab/check/", grow)
    assert (one, fifty) == (PINS["facts_check"][1],) * 2
