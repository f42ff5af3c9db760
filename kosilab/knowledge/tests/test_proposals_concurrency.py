"""Concurrent writes keep the rules of the knowledge services: run on SQLite and on PostgreSQL
(DATABASE_URL). Two admins accepting one proposal: exactly one wins. Two edits at the same version:
exactly one is written, the other is told somebody else changed the profile."""

from __future__ import annotations

import pytest

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.concurrency import run_at_once
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.knowledge import services
from kosilab.knowledge.models import LabProfile, ProfileProposal, ProfileRevision, ProposalStatus
from kosilab.knowledge.tests.editing import case_study
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

THREADS = 8


@pytest.fixture
def setting():
    lab = LabFactory(slug="home", name="Home")
    staff = UserFactory()
    lab_team_set(lab=lab, user=staff, role=LabRole.FACILITATOR, by=None)
    admins = [UserFactory(is_superuser=True, is_staff=True) for _ in range(THREADS)]
    return {"lab": lab, "staff": staff, "admins": admins, "profile": case_study()}


def test_admins_accepting_one_edit_at_once_accept_it_once(setting):
    proposal = services.proposal_create(
        actor=setting["staff"],
        lab=setting["lab"],
        profile=setting["profile"],
        data={"founded": 2003},
        sources="https://example.org/a",
        expected_version=1,
    )

    def accept(i):
        fresh = ProfileProposal.objects.get(pk=proposal.pk)
        return services.proposal_accept(actor=setting["admins"][i], proposal=fresh, expected_version=1).pk

    results, errors = run_at_once(accept, THREADS)

    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(error, DomainError) for error in errors), errors
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    profile = LabProfile.objects.get(pk=setting["profile"].pk)
    assert (profile.founded, profile.version) == (2003, 2)
    assert ProfileRevision.objects.filter(profile=profile).count() == 2
    assert AuditEntry.objects.filter(action="knowledge.proposal_accepted").count() == 1


def test_admins_accepting_one_new_case_at_once_create_one_profile(setting):
    proposal = services.proposal_create(
        actor=setting["staff"],
        lab=setting["lab"],
        profile=None,
        data={"name": "Parallel Lab", "country": "FI", "status": "active"},
        sources="https://example.org/b",
    )

    def accept(i):
        fresh = ProfileProposal.objects.get(pk=proposal.pk)
        return services.proposal_accept(actor=setting["admins"][i], proposal=fresh).pk

    results, errors = run_at_once(accept, THREADS)

    assert len(results) == 1
    assert all(isinstance(error, DomainError) for error in errors), errors
    assert LabProfile.objects.filter(name="Parallel Lab").count() == 1


def test_edits_at_the_same_version_write_once(setting):
    profile = setting["profile"]

    def edit(i):
        fresh = LabProfile.objects.get(pk=profile.pk)
        return services.profile_update(
            profile=fresh, actor=setting["admins"][i], data={"team_size": 10 + i}, expected_version=1
        ).team_size

    results, errors = run_at_once(edit, THREADS)

    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(error, DomainError) for error in errors), errors
    # The same clear message for each, in the default language.
    assert {error.message for error in errors} == {services._stale().message}
    stored = LabProfile.objects.get(pk=profile.pk)
    assert (stored.team_size, stored.version) == (results[0], 2)
    assert ProfileRevision.objects.filter(profile=profile).count() == 2
