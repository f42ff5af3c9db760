"""What the platform already knows about a hosted lab (prefill.py): the suggestions, and that
computing them asks a fixed number of queries however much the lab has done."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kosilab.challenges.services import participation_join
from kosilab.continuation.models import HandoverStatus
from kosilab.continuation.services import handover_create, handover_status_set
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, OrganisationFactory, ProcessFactory, UserFactory
from kosilab.knowledge.prefill import lab_suggestions
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.methods.models import Method
from kosilab.planning.services import block_add
from kosilab.planning.tests.factories import SessionFactory
from kosilab.playbook.services import checklist_set
from kosilab.processes.services import member_add
from kosilab.results.tests.factories import make_result

pytestmark = pytest.mark.django_db

# Queries of lab_suggestions, whatever the amount of data (see the module's docstring).
PREFILL_QUERIES = 10


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def lab():
    return LabFactory(slug="home", name="Home", founded=2019, host=OrganisationFactory(sector=Sector.CIVIL_SOCIETY))


def grow(lab, n: int) -> None:
    """``n`` times: a process with a team from two sectors, a session plan with library methods (one
    through the lab's own adaptation), a result handed over, a challenge with a participant."""
    shared = Method.objects.get(slug="design-thinking")
    adapted = Method.objects.create(
        slug=f"home-hackathon-{Method.objects.count()}",
        lab=lab,
        based_on=Method.objects.get(slug="hackathon"),
        title_de="Unser Hackathon",
        group_min=5,
        group_max=50,
        duration_min=60,
        duration_max=480,
    )
    for _ in range(n):
        process = ProcessFactory(lab=lab)
        member_add(process=process, user=UserFactory(), role="expert", by=None, sector=Sector.SCIENCE)
        member_add(process=process, user=UserFactory(), role="co_creator", by=None, sector=Sector.BUSINESS)
        session = SessionFactory(process=process)
        block_add(session=session, by=None, method=shared)
        block_add(session=session, by=None, method=adapted)
        block_add(session=session, by=None, title="Pause", minutes=15)
        handover = handover_create(
            result=make_result(process), by=None, taker_kind="organisation", taker_name="Verein", form="association"
        )
        handover_status_set(handover=handover, by=None, status=HandoverStatus.CONTINUED)
        organisation = OrganisationFactory(sector=Sector.CIVIL_SOCIETY)
        person = UserFactory(profile={"organisation": organisation})
        participation_join(challenge=ChallengeFactory(lab=lab), user=person, kind="joined", organisation=organisation)


def test_a_lab_without_activity_gets_only_what_its_page_says(lab):
    suggestions = lab_suggestions(lab=lab)
    assert set(suggestions) == {"founded", "host_types"}
    assert suggestions["founded"].value == 2019
    assert suggestions["host_types"].value == ["association"]
    assert "Civil society" in suggestions["host_types"].reason


def test_suggestions_gather_sectors_stage_methods_team_and_results(lab):
    grow(lab, 2)
    manager = UserFactory()
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    checklist_set(lab=lab, item_key="problem_described", done=True, by=None)
    checklist_set(lab=lab, item_key="host_chosen", done=True, by=None)

    suggestions = lab_suggestions(lab=lab)

    assert suggestions["sectors"].value == ["business", "civil_society", "science"]
    assert "Science 2" in suggestions["sectors"].reason
    assert "Civil society 2" in suggestions["sectors"].reason
    assert suggestions["stage"].value == "concept_development"
    assert suggestions["methods"].value == ["design-thinking", "hackathon"]
    assert suggestions["method_families"].value == ["human_centred_design", "civic_tech"]
    assert suggestions["team_size"].value == 1
    assert suggestions["impact_en"].value == (
        "On this platform – lab processes: 2, results: 2, handovers of results: 2, of them continued: 2."
    )
    assert suggestions["impact_de"].value  # the same in German (English until the catalogue has it)


@pytest.mark.parametrize("rows", [1, 5])
def test_the_suggestions_ask_a_fixed_number_of_queries(lab, rows):
    grow(lab, rows)
    checklist_set(lab=lab, item_key="lab_opened", done=True, by=None)
    with CaptureQueriesContext(connection) as queries:
        suggestions = lab_suggestions(lab=lab)
    assert suggestions["stage"].value == "first_implementation"
    assert len(queries) == PREFILL_QUERIES
