"""Proposals of lab staff and their review (services.py): who may propose, sources, what an edit
keeps, accepting (values, provenance, the version, the credit, the mail), rejecting, withdrawing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry, OutboxMail
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.knowledge import services
from kosilab.knowledge.models import LabProfile, ProfileProposal, ProposalStatus, RevisionSource
from kosilab.knowledge.tests.editing import CHECKED, case_study
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set

pytestmark = pytest.mark.django_db

TODAY = "2031-03-14"
SOURCES = "https://example.org/report-2030\nStadt Beispiel, Ratsbeschluss 12/2029"


@pytest.fixture(autouse=True)
def english_and_a_fixed_day():
    with translation.override("en"), time_machine.travel(dt.datetime(2031, 3, 14, 11, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def lab():
    return LabFactory(slug="home", name="Home")


@pytest.fixture
def staff(lab):
    person = UserFactory(name="Fay Facilitator", language="en")
    lab_team_set(lab=lab, user=person, role=LabRole.FACILITATOR, by=None)
    return person


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True, name="Ada Admin")


@pytest.fixture
def profile():
    return case_study()


def propose_edit(profile, staff, lab, data=None, **kwargs):
    return services.proposal_create(
        actor=staff,
        lab=lab,
        profile=profile,
        data=data if data is not None else {"founded": 2003, "themes": ["employment", "mobility"], "name": "Testlab"},
        sources=kwargs.pop("sources", SOURCES),
        comment=kwargs.pop("comment", "The founding year is wrong."),
        **kwargs,
    )


# --- Proposing -----------------------------------------------------------------------------------


def test_an_edit_keeps_only_what_differs_and_the_version_it_was_made_against(profile, staff, lab):
    proposal = propose_edit(profile, staff, lab, expected_version=1)
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.data == {"founded": 2003, "themes": ["employment", "mobility"], "facts": {}}
    assert (proposal.base_version, proposal.proposed_by, proposal.lab, proposal.profile) == (1, staff, lab, profile)
    assert proposal.sources == SOURCES
    entry = AuditEntry.objects.get(action="knowledge.proposal_created")
    assert (entry.actor, entry.lab_id, entry.data["fields"]) == (staff, lab.pk, ["founded", "themes"])
    profile.refresh_from_db()
    assert (profile.founded, profile.version) == (2002, 1)  # nothing is written before the review


def test_a_participant_cannot_propose(profile, lab):
    with pytest.raises(DomainError, match="on behalf of a lab whose team you belong to"):
        propose_edit(profile, UserFactory(), lab)
    assert not ProfileProposal.objects.exists()


def test_staff_propose_only_for_their_own_lab(profile, staff):
    with pytest.raises(DomainError, match="on behalf of a lab whose team you belong to"):
        propose_edit(profile, staff, LabFactory(slug="other", name="Other"))


def test_a_platform_admin_may_propose_without_a_lab(profile, admin):
    assert propose_edit(profile, admin, None).lab is None


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ("", "Name at least one source, one per line."),
        ("   \n  ", "Name at least one source, one per line."),
        ("https://exa mple.org/x", "“https://exa mple.org/x” is not a valid web address."),
        ("x" * 501, "A source may have at most 500 characters."),
        ("\n".join(f"Source {n}" for n in range(31)), "Please name at most 30 sources."),
    ],
)
def test_sources_are_required_and_checked(profile, staff, lab, sources, message):
    with pytest.raises(DomainError) as refused:
        propose_edit(profile, staff, lab, sources=sources)
    assert refused.value.field == "sources"
    assert refused.value.message.startswith(message)
    assert not ProfileProposal.objects.exists()


def test_sources_may_be_references_and_repeated_lines_count_once(profile, staff, lab):
    proposal = propose_edit(profile, staff, lab, sources="Book, p. 12\n\nwww.example.org/a\nBook, p. 12")
    assert proposal.sources.splitlines() == ["Book, p. 12", "https://www.example.org/a"]


def test_a_proposal_that_changes_nothing_is_refused(profile, staff, lab):
    with pytest.raises(DomainError, match="Your proposal changes nothing"):
        propose_edit(profile, staff, lab, data={"founded": 2002, "name": "Testlab"})


def test_a_proposal_on_a_changed_profile_is_refused_as_stale(profile, staff, lab, admin):
    services.profile_update(profile=profile, actor=admin, data={"team_size": 4}, expected_version=1)
    with pytest.raises(DomainError, match="Somebody else has changed this profile"):
        propose_edit(profile, staff, lab, expected_version=1)


def test_a_hosted_labs_profile_takes_no_proposals(staff, lab, admin):
    own = services.own_profile_get_or_create(lab=lab, actor=admin)
    with pytest.raises(DomainError, match="kept by its managers"):
        propose_edit(own, staff, lab)


def test_bad_values_in_a_proposal_are_refused(profile, staff, lab):
    with pytest.raises(DomainError, match=r"A lab cannot end before it was founded\."):
        propose_edit(profile, staff, lab, data={"status": "ended", "end_mode": "closed", "ended": 1990})


def test_a_new_case_needs_a_name_and_a_country_and_no_twin(staff, lab, profile):
    with pytest.raises(DomainError) as refused:
        services.proposal_create(actor=staff, lab=lab, profile=None, data={"country": "AT"}, sources=SOURCES)
    assert refused.value.field == "name"
    with pytest.raises(DomainError) as refused:
        services.proposal_create(actor=staff, lab=lab, profile=None, data={"name": "Wiener Labor"}, sources=SOURCES)
    assert refused.value.field == "country"
    with pytest.raises(DomainError, match="is in the library already"):
        services.proposal_create(
            actor=staff,
            lab=lab,
            profile=None,
            data={"name": "testlab", "city": "kopenhagen", "country": "DK"},
            sources=SOURCES,
        )


# --- Accepting -----------------------------------------------------------------------------------


def test_accepting_an_edit_writes_the_values_with_their_sources_and_credits_the_proposer(
    profile, staff, lab, admin, django_capture_on_commit_callbacks
):
    proposal = propose_edit(
        profile,
        staff,
        lab,
        data={
            "founded": 2003,
            "team_size": 9,
            "facts": {"team": {"sources": ["https://example.org/team"], "certainty": "unverified"}},
        },
        expected_version=1,
    )
    with django_capture_on_commit_callbacks():
        services.proposal_accept(actor=admin, proposal=proposal, note="Thanks!", expected_version=1)
    profile.refresh_from_db()
    proposal.refresh_from_db()
    assert (profile.founded, profile.team_size, profile.version) == (2003, 9, 2)
    assert profile.facts["founded"] == {
        "sources": ["https://example.org/report-2030", "Stadt Beispiel, Ratsbeschluss 12/2029"],
        "certainty": "confirmed",
        "checked": TODAY,
        "note_de": "",
        "note_en": "",
    }
    assert profile.facts["team"]["sources"] == ["https://example.org/team"]
    assert profile.facts["team"]["certainty"] == "unverified"
    assert profile.facts["summary"]["checked"] == CHECKED
    revision = profile.revisions.get(number=2)
    assert (revision.source, revision.author, revision.proposal) == (RevisionSource.PROPOSAL, admin, proposal)
    assert revision.changed == ["founded", "team"]
    assert f"Proposal {proposal.pk} by Fay Facilitator." in revision.comment
    assert "The founding year is wrong." in revision.comment
    assert (proposal.status, proposal.reviewed_by, proposal.review_note) == (ProposalStatus.ACCEPTED, admin, "Thanks!")
    assert proposal.reviewed_at is not None
    entry = AuditEntry.objects.get(action="knowledge.proposal_accepted")
    assert (entry.actor, entry.data["changed"], entry.data["version"]) == (admin, ["founded", "team"], 2)
    mail = OutboxMail.objects.get(to=staff.email)
    assert mail.language == "en"  # the proposer's language
    assert mail.subject == "Your proposal has been accepted: Testlab"
    assert f"/knowledge/proposals/{proposal.pk}/" in mail.body
    assert "Thanks!" in mail.body


def test_accepting_a_new_case_creates_a_case_study_with_a_free_slug(staff, lab, admin):
    case_study(slug="wiener-labor", name="Anderes Labor")
    proposal = services.proposal_create(
        actor=staff,
        lab=lab,
        profile=None,
        data={
            "name": "Wiener Labor",
            "city": "Wien",
            "country": "at",
            "status": "active",
            "founded": 2015,
            "summary_de": "",
            "methods": ["world-cafe"],
            "purposes": ["engagement"],
            "facts": {"founded": {"sources": ["https://example.org/wien"], "certainty": "confirmed"}},
        },
        sources=SOURCES,
    )
    assert "summary_de" not in proposal.data  # empty values are left out
    services.proposal_accept(actor=admin, proposal=proposal)
    proposal.refresh_from_db()
    profile = proposal.profile
    assert profile is not None and profile.is_case_study
    assert (profile.slug, profile.name, profile.country, profile.founded) == (
        "wiener-labor-2",
        "Wiener Labor",
        "AT",
        2015,
    )
    assert list(profile.methods.values_list("slug", flat=True)) == ["world-cafe"]
    assert set(profile.facts) == {"founded", "methods", "purpose"}
    assert profile.facts["founded"]["sources"] == ["https://example.org/wien"]
    assert profile.facts["purpose"]["sources"] == SOURCES.splitlines()
    assert {fact["checked"] for fact in profile.facts.values()} == {TODAY}
    revision = profile.revisions.get()
    assert (revision.number, revision.source, revision.author, revision.proposal) == (
        1,
        RevisionSource.PROPOSAL,
        admin,
        proposal,
    )
    assert revision.data["methods"] == ["world-cafe"]
    assert "wien" in profile.search_de.lower()


def test_a_profile_changed_after_the_proposal_needs_the_admins_confirmation(profile, staff, lab, admin):
    proposal = propose_edit(profile, staff, lab, data={"founded": 2003}, expected_version=1)
    services.profile_update(profile=profile, actor=admin, data={"team_size": 4, "founded": 2001}, expected_version=1)
    with pytest.raises(DomainError) as refused:
        services.proposal_accept(actor=admin, proposal=proposal, expected_version=2)
    assert refused.value.field == "confirm_changed"
    assert ProfileProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PENDING
    services.proposal_accept(actor=admin, proposal=proposal, expected_version=2, confirm_changed=True)
    profile.refresh_from_db()
    # Only the proposed field is written; the change made meanwhile stays.
    assert (profile.founded, profile.team_size, profile.version) == (2003, 4, 3)


def test_accepting_at_a_version_the_admin_did_not_see_is_refused(profile, staff, lab, admin):
    proposal = propose_edit(profile, staff, lab, expected_version=1)
    services.profile_update(profile=profile, actor=admin, data={"team_size": 4}, expected_version=1)
    with pytest.raises(DomainError, match="Somebody else has changed this profile"):
        services.proposal_accept(actor=admin, proposal=proposal, expected_version=1, confirm_changed=True)
    assert ProfileProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PENDING
    assert LabProfile.objects.get(pk=profile.pk).founded == 2002


def test_only_platform_admins_accept_and_reject(profile, staff, lab):
    proposal = propose_edit(profile, staff, lab)
    manager = UserFactory()
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    with pytest.raises(DomainError, match=r"Only platform administrators review proposals\."):
        services.proposal_accept(actor=manager, proposal=proposal)
    with pytest.raises(DomainError, match=r"Only platform administrators review proposals\."):
        services.proposal_reject(actor=staff, proposal=proposal, note="No.")
    assert ProfileProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PENDING


def test_a_proposal_is_decided_once(profile, staff, lab, admin):
    proposal = propose_edit(profile, staff, lab)
    services.proposal_accept(actor=admin, proposal=proposal)
    again = ProfileProposal.objects.get(pk=proposal.pk)
    with pytest.raises(DomainError, match=r"This proposal has been decided already \(accepted\)"):
        services.proposal_accept(actor=admin, proposal=again)
    with pytest.raises(DomainError, match="decided already"):
        services.proposal_reject(actor=admin, proposal=again, note="Too late.")
    with pytest.raises(DomainError, match="decided already"):
        services.proposal_withdraw(actor=staff, proposal=again)
    assert LabProfile.objects.get(pk=profile.pk).version == 2


# --- Rejecting and withdrawing -------------------------------------------------------------------


def test_rejecting_needs_a_note_and_tells_the_proposer(profile, staff, lab, admin):
    proposal = propose_edit(profile, staff, lab)
    with pytest.raises(DomainError) as refused:
        services.proposal_reject(actor=admin, proposal=proposal, note="  ")
    assert refused.value.field == "note"
    services.proposal_reject(actor=admin, proposal=proposal, note="The source does not say so.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.review_note, proposal.reviewed_by) == (
        ProposalStatus.REJECTED,
        "The source does not say so.",
        admin,
    )
    assert LabProfile.objects.get(pk=profile.pk).version == 1
    mail = OutboxMail.objects.get(to=staff.email)
    assert mail.subject == "Your proposal has not been taken: Testlab"
    assert "The source does not say so." in mail.body
    assert AuditEntry.objects.filter(action="knowledge.proposal_rejected", actor=admin).count() == 1


def test_only_the_proposer_withdraws_a_pending_proposal(profile, staff, lab, admin):
    proposal = propose_edit(profile, staff, lab)
    with pytest.raises(DomainError, match=r"Only the person who made this proposal can withdraw it\."):
        services.proposal_withdraw(actor=admin, proposal=proposal)
    services.proposal_withdraw(actor=staff, proposal=proposal)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewed_by) == (ProposalStatus.WITHDRAWN, None)
    with pytest.raises(DomainError, match="decided already"):
        services.proposal_accept(actor=admin, proposal=proposal)
    assert not OutboxMail.objects.exists()
    assert AuditEntry.objects.filter(action="knowledge.proposal_withdrawn", actor=staff).count() == 1
