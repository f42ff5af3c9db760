"""Concurrent writes keep the rules: run on SQLite and on PostgreSQL (DATABASE_URL)."""

import pytest

from kosilab.challenges.models import Participation
from kosilab.challenges.services import participation_join
from kosilab.core.errors import DomainError
from kosilab.core.tests.concurrency import run_at_once
from kosilab.core.tests.factories import ChallengeFactory, LabFactory, ProcessFactory, UserFactory
from kosilab.processes.models import PhaseTransition, Process
from kosilab.processes.services import member_add, phase_advance

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

THREADS = 12


def test_double_clicks_on_join_create_one_participation():
    lab = LabFactory()
    challenge = ChallengeFactory(lab=lab, status="open")
    person = UserFactory()

    results, errors = run_at_once(
        lambda i: participation_join(challenge=challenge, user=person, kind="joined").pk, THREADS
    )

    assert errors == []
    assert Participation.objects.filter(challenge=challenge, user=person).count() == 1
    assert len(set(results)) == 1


def test_many_people_joining_at_once_are_all_recorded_once():
    lab = LabFactory()
    challenge = ChallengeFactory(lab=lab, status="open")
    people = [UserFactory() for _ in range(THREADS)]

    _results, errors = run_at_once(
        lambda i: participation_join(challenge=challenge, user=people[i], kind="interested"), THREADS
    )

    assert errors == []
    assert Participation.objects.filter(challenge=challenge).count() == THREADS


def test_concurrent_phase_moves_from_the_same_phase_advance_exactly_once():
    lab = LabFactory()
    process = ProcessFactory(lab=lab)
    seen = process.current_phase_id
    users = [UserFactory() for _ in range(THREADS)]

    def move(i):
        fresh = Process.objects.get(pk=process.pk)
        return phase_advance(process=fresh, by=users[i], reason=f"Move {i}", expected_phase_id=seen)

    results, errors = run_at_once(move, THREADS)

    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, DomainError) for e in errors), errors
    assert {e.message for e in errors} == {
        "Jemand anderes hat die Phase gerade geändert. Bitte prüfen Sie den aktuellen Stand und versuchen Sie es erneut."
    }
    process.refresh_from_db()
    assert process.current_phase.position == 2
    assert PhaseTransition.objects.filter(process=process).count() == 2


def test_adding_the_same_person_twice_at_once_gives_one_team_member():
    lab = LabFactory()
    process = ProcessFactory(lab=lab)
    person = UserFactory(profile={"sector": "science"})

    _results, errors = run_at_once(lambda i: member_add(process=process, user=person, role="expert", by=None), THREADS)

    assert errors == []
    assert process.members.count() == 1
