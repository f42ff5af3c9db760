"""Playbook services: lazy creation, building blocks, the checklist and self-assessments."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone, translation

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import UserFactory
from kosilab.playbook import selectors, services
from kosilab.playbook.models import Assessment, AssessmentAnswer, BlockState, ChecklistState, Playbook
from kosilab.playbook.tests.factories import all_answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_playbook_is_created_by_the_first_write_only(lab, manager):
    assert not Playbook.objects.exists()
    assert selectors.lab_progress(lab)[0].checklist_done == 0  # reading does not create it
    assert not Playbook.objects.exists()
    services.checklist_set(lab=lab, item_key="council_decision", done=True, by=manager)
    services.checklist_set(lab=lab, item_key="champion_named", done=True, by=manager)
    assert Playbook.objects.filter(lab=lab).count() == 1
    assert services.playbook_get_or_create(lab=lab) == Playbook.objects.get(lab=lab)


# --- Building blocks ---------------------------------------------------------------------------


def test_block_update_saves_notes_responsible_and_status(lab, manager, facilitator):
    state = services.block_update(
        lab=lab,
        block_key="goal_definition.goals",
        by=manager,
        notes="  Erste Fragestellung: Mobilität  ",
        status="in_progress",
        responsible=facilitator,
        responsible_name="Frau Nowak, Kämmerei",
    )
    state.refresh_from_db()
    assert state.notes == "Erste Fragestellung: Mobilität"
    assert state.status == "in_progress"
    assert state.responsible == facilitator
    assert state.responsible_display == "Fiete Facilitator, Frau Nowak, Kämmerei"
    assert state.updated_by == manager
    entry = AuditEntry.objects.get(action="playbook.block.updated")
    assert entry.lab_id == lab.pk
    assert entry.data["block"] == "goal_definition.goals"
    assert set(entry.data["fields"]) == {"notes", "status", "responsible", "responsible_name"}


def test_saving_the_same_block_again_changes_and_logs_nothing(lab, manager):
    for _ in range(2):
        services.block_update(lab=lab, block_key="establishment.obstacles", by=manager, notes="x", status="done")
    assert BlockState.objects.count() == 1
    assert AuditEntry.objects.filter(action="playbook.block.updated").count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"block_key": "goal_definition.nope"}, "This building block does not exist."),
        ({"status": "finished"}, "Please choose a valid status."),
        ({"notes": "x" * 5001}, "Please shorten this text to at most 5000 characters."),
        ({"responsible_name": "x" * 151}, "Please shorten this text to at most 150 characters."),
    ],
)
def test_block_update_refuses_bad_input(lab, manager, values, message):
    arguments = {"block_key": "goal_definition.goals", **values}
    with pytest.raises(DomainError, match=re.escape(message)):
        services.block_update(lab=lab, by=manager, **arguments)
    assert not BlockState.objects.exists()


def test_the_responsible_person_comes_from_the_lab_team(lab, manager, other_manager, facilitator):
    with pytest.raises(DomainError, match=re.escape("Please choose a person from the lab's team.")) as error:
        services.block_update(lab=lab, block_key="goal_definition.goals", by=manager, responsible=other_manager)
    assert error.value.field == "responsible"
    assert not BlockState.objects.exists()
    # Somebody who has left the team stays responsible until the block is changed.
    services.block_update(lab=lab, block_key="goal_definition.goals", by=manager, responsible=facilitator)
    lab.memberships.filter(user=facilitator).delete()
    state = services.block_update(
        lab=lab, block_key="goal_definition.goals", by=manager, responsible=facilitator, notes="still them"
    )
    assert state.responsible == facilitator


# --- Checklist ---------------------------------------------------------------------------------


def test_ticking_is_idempotent_and_remembers_who_and_when(lab, manager, facilitator):
    assert services.checklist_set(lab=lab, item_key="host_chosen", done=True, by=manager) is True
    first = ChecklistState.objects.get()
    assert (first.done, first.done_by) == (True, manager)
    assert first.done_at is not None
    # Ticking again (a double click, somebody else) changes nothing.
    assert services.checklist_set(lab=lab, item_key="host_chosen", done=True, by=facilitator) is False
    again = ChecklistState.objects.get()
    assert (again.done_by, again.done_at) == (manager, first.done_at)
    assert AuditEntry.objects.filter(action="playbook.checklist.changed").count() == 1
    assert services.checklist_set(lab=lab, item_key="host_chosen", done=False, by=facilitator) is True
    assert services.checklist_set(lab=lab, item_key="host_chosen", done=False, by=facilitator) is False
    cleared = ChecklistState.objects.get()
    assert (cleared.done, cleared.done_at, cleared.done_by) == (False, None, None)


def test_phase_save_writes_changed_blocks_and_flipped_ticks_only(lab, manager, facilitator):
    services.checklist_set(lab=lab, item_key="problem_described", done=True, by=facilitator)
    services.block_update(lab=lab, block_key="goal_definition.structure", by=facilitator, notes="von Fiete")
    changed = services.phase_save(
        lab=lab,
        phase_key="goal_definition",
        blocks={"goals": {"notes": "Ziel", "status": "done"}},
        tick=["council_decision"],
        untick=["champion_named"],  # not ticked: nothing to do
        by=manager,
    )
    assert changed is True
    done = set(ChecklistState.objects.filter(done=True).values_list("item_key", flat=True))
    assert done == {"problem_described", "council_decision"}
    assert BlockState.objects.get(block_key="goal_definition.structure").notes == "von Fiete"
    assert BlockState.objects.get(block_key="goal_definition.goals").status == "done"
    again = services.phase_save(
        lab=lab,
        phase_key="goal_definition",
        blocks={"goals": {"notes": "Ziel", "status": "done"}},
        tick=["council_decision"],
        by=manager,
    )
    assert again is False


def test_phase_save_is_all_or_nothing(lab, manager, other_manager):
    with pytest.raises(DomainError) as error:
        services.phase_save(
            lab=lab,
            phase_key="goal_definition",
            blocks={"goals": {"notes": "Ziel"}, "obstacles": {"responsible": other_manager}},
            tick=["council_decision"],
            by=manager,
        )
    assert error.value.field == "obstacles-responsible"
    assert not BlockState.objects.exists()
    assert not ChecklistState.objects.filter(done=True).exists()


def test_checklist_refuses_unknown_items_and_items_of_another_phase(lab, manager):
    with pytest.raises(DomainError, match=re.escape("This checklist item does not exist.")):
        services.checklist_set(lab=lab, item_key="nope", done=True, by=manager)
    with pytest.raises(DomainError, match=re.escape("Please tick only items of this phase's checklist.")):
        services.phase_save(lab=lab, phase_key="goal_definition", blocks={}, tick=["funding_secured"], by=manager)
    with pytest.raises(DomainError, match=re.escape("This phase does not exist.")):
        services.phase_save(lab=lab, phase_key="phase_five", blocks={}, by=manager)
    with pytest.raises(DomainError, match=re.escape("This building block does not exist.")):
        services.phase_save(lab=lab, phase_key="goal_definition", blocks={"themes": {}}, by=manager)
    assert not ChecklistState.objects.exists()


# --- Self-assessment ---------------------------------------------------------------------------


def test_an_assessment_is_a_snapshot_of_every_answer(lab, manager):
    answers = all_answers(2, as_int=True, backing_decision=4, backing_champion=3)
    assessment = services.assessment_create(lab=lab, by=manager, answers=answers, note="Team meeting")
    assert assessment.taken_by == manager
    assert AssessmentAnswer.objects.filter(assessment=assessment).count() == len(answers)
    scores = selectors.dimension_scores(selectors.answers_of(assessment))
    assert scores["political_backing"] == pytest.approx(3.0)
    assert scores["resources"] == pytest.approx(2.0)
    entry = AuditEntry.objects.get(action="playbook.assessment.taken")
    assert entry.data["scores"]["political_backing"] == pytest.approx(3.0)
    # A later assessment does not change the earlier one.
    services.assessment_create(lab=lab, by=manager, answers=all_answers(4, as_int=True))
    assert selectors.dimension_scores(selectors.answers_of(Assessment.objects.get(pk=assessment.pk)))[
        "resources"
    ] == pytest.approx(2.0)
    assert Assessment.objects.count() == 2


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "Please answer every question: 19 questions are not answered yet."),
        (all_answers(2, as_int=True, backing_decision=None), "Please answer every question: 1 question is not"),
        (all_answers(2, as_int=True, backing_decision=5), "Each answer must be a score from 0 to 4."),
        (all_answers(2, as_int=True, backing_decision=-1), "Each answer must be a score from 0 to 4."),
        (all_answers(2, as_int=True, backing_decision="3"), "Each answer must be a score from 0 to 4."),
        (all_answers(2, as_int=True, backing_decision=True), "Each answer must be a score from 0 to 4."),
        ({**all_answers(2, as_int=True), "smuggled": 4}, "Unknown question: smuggled"),
    ],
)
def test_an_assessment_needs_every_question_answered_from_0_to_4(lab, manager, answers, message):
    with pytest.raises(DomainError, match=re.escape(message)):
        services.assessment_create(lab=lab, by=manager, answers=answers)
    assert not Assessment.objects.exists()
    assert not AssessmentAnswer.objects.exists()


def test_an_assessment_cannot_be_dated_in_the_future(lab, manager):
    with pytest.raises(DomainError, match=re.escape("in the future")):
        services.assessment_create(
            lab=lab,
            by=manager,
            answers=all_answers(as_int=True),
            taken_at=timezone.now() + datetime.timedelta(days=1),
        )


def test_dimension_and_overall_scores():
    scores = selectors.dimension_scores({"backing_decision": 4, "backing_champion": 1, "resources_rooms": 0})
    assert scores["political_backing"] == pytest.approx(2.5)
    assert scores["resources"] == 0
    assert scores["continuation"] is None
    assert selectors.overall_score(scores) == pytest.approx(1.25)
    assert selectors.overall_score({}) is None
    assert selectors.format_score(2.26) == "2.3"
    assert selectors.format_score(None) == "–"
    assert selectors.format_score(0.5, signed=True) == "+0.5"
    assert selectors.format_score(-1, signed=True) == "-1.0"


def test_first_latest_and_predecessor(lab, manager):
    now = timezone.now()
    old = services.assessment_create(
        lab=lab, by=manager, answers=all_answers(1, as_int=True), taken_at=now - datetime.timedelta(days=60)
    )
    middle = services.assessment_create(
        lab=lab, by=manager, answers=all_answers(2, as_int=True), taken_at=now - datetime.timedelta(days=30)
    )
    newest = services.assessment_create(lab=lab, by=UserFactory(), answers=all_answers(3, as_int=True))
    first, latest, total = selectors.first_and_latest(lab)
    assert (first, latest, total) == (old, newest, 3)
    assert selectors.assessment_with_predecessor(lab, newest.pk) == (newest, middle)
    assert selectors.assessment_with_predecessor(lab, old.pk) == (old, None)
