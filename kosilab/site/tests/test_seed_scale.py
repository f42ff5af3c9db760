"""seed_scale: synthetic data in bulk, with the counts asked for and relations the services would make."""

from __future__ import annotations

import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from kosilab.accounts.models import User
from kosilab.actors.models import Organisation, Profile
from kosilab.challenges.models import Challenge, ChallengeStatus, Participation, WantedSector
from kosilab.core.models import AuditEntry
from kosilab.core.sectors import Sector
from kosilab.labs.models import Lab, LabMembership, LabRole, PhaseTemplateStep
from kosilab.processes.models import Milestone, PhaseTransition, Process, ProcessMember, ProcessPhase
from kosilab.site.management.commands.seed_scale import EMAIL_DOMAIN, SLUG_PREFIX, scaled_counts

SCALE = 0.01


def _seed(**options):
    out = StringIO()
    call_command("seed_scale", scale=SCALE, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    return _seed(seed=7)


def test_scaled_counts_are_proportional():
    one = scaled_counts(1)
    assert (one.labs, one.people, one.organisations, one.challenges, one.processes) == (50, 20_000, 2_000, 5_000, 5_000)
    half = scaled_counts(0.5)
    assert (half.labs, half.people, half.organisations, half.challenges, half.processes) == (
        25,
        10_000,
        1_000,
        2_500,
        2_500,
    )
    tiny = scaled_counts(SCALE)
    assert tiny.labs >= 1
    assert tiny.people >= tiny.labs * 3


def test_counts_are_proportional(seeded):
    counts = scaled_counts(SCALE)
    assert Lab.objects.filter(slug__startswith=SLUG_PREFIX).count() == counts.labs
    assert User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count() == counts.people
    assert Profile.objects.count() == counts.people
    assert Organisation.objects.count() == counts.organisations
    assert Challenge.objects.count() == counts.challenges
    assert Process.objects.count() == counts.processes
    assert PhaseTemplateStep.objects.count() == 6 * counts.labs
    assert ProcessPhase.objects.count() == 6 * counts.processes
    assert LabMembership.objects.filter(role=LabRole.MANAGER).count() == counts.labs
    assert LabMembership.objects.filter(role=LabRole.FACILITATOR).count() == 2 * counts.labs
    # About five participants per challenge, about six people per process team, a milestone or two.
    assert 2 * counts.challenges <= Participation.objects.count() <= 8 * counts.challenges
    assert 4 * counts.processes <= ProcessMember.objects.count() <= 8 * counts.processes
    assert counts.processes <= Milestone.objects.count() <= 2 * counts.processes
    # About half of the processes grew out of a challenge.
    linked = Process.objects.filter(challenge__isnull=False).count()
    assert counts.processes // 4 <= linked <= counts.processes // 2
    # Every person has a sector, most have an organisation.
    assert not Profile.objects.filter(sector="").exists()
    with_organisation = Profile.objects.filter(organisation__isnull=False).count()
    assert 0.5 * counts.people <= with_organisation <= 0.9 * counts.people
    assert set(Organisation.objects.values_list("sector", flat=True)) == set(Sector.values)
    assert set(Challenge.objects.values_list("status", flat=True)) <= set(ChallengeStatus.values)


def test_writes_no_audit_entries(seeded):
    assert not AuditEntry.objects.exists()
    assert "Done in" in seeded


def test_processes_are_consistent(seeded):
    for process in Process.objects.select_related("current_phase", "challenge"):
        phases = list(process.phases.order_by("position"))
        assert [p.position for p in phases] == [1, 2, 3, 4, 5, 6]
        assert process.current_phase is not None
        assert process.current_phase.process_id == process.pk
        reached = process.current_phase.position
        # Phases up to the current one have started, in order; later ones have not.
        assert all(p.started_at is not None for p in phases[:reached])
        assert all(p.started_at is None and p.ended_at is None for p in phases[reached:])
        started = [p.started_at for p in phases[:reached]]
        assert started == sorted(started)
        # One recorded transition per phase reached.
        transitions = list(PhaseTransition.objects.filter(process=process).order_by("to_phase__position"))
        assert [t.to_phase.position for t in transitions] == list(range(1, reached + 1))
        assert transitions[0].from_phase is None
        if process.challenge is not None:
            assert process.challenge.lab_id == process.lab_id
            assert process.challenge.status in (ChallengeStatus.IN_PROGRESS, ChallengeStatus.CLOSED)
    # Milestones point at a phase of their own process.
    assert not Milestone.objects.filter(phase__isnull=False).exclude(phase__process=F("process")).exists()


def test_members_and_participants_are_consistent(seeded):
    members = ProcessMember.objects.select_related("user__profile")
    assert members.exists()
    for member in members:
        assert member.sector in Sector.values
        assert member.sector == member.user.profile.sector
        assert member.organisation_id == member.user.profile.organisation_id
    # Lab teams work for the lab's host.
    for membership in LabMembership.objects.select_related("lab", "user__profile"):
        assert membership.user.profile.organisation_id == membership.lab.host_id
    assert not Participation.objects.filter(challenge__status=ChallengeStatus.DRAFT).exists()
    assert (
        not Participation.objects.filter(organisation__isnull=False)
        .exclude(organisation=F("user__profile__organisation"))
        .exists()
    )


def test_no_challenge_has_two_processes(seeded):
    doubles = (
        Process.objects.filter(challenge__isnull=False).values("challenge").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not doubles.exists()


def test_dates_are_in_order(seeded):
    assert not Challenge.objects.filter(ends_on__lt=F("starts_on")).exists()
    assert not ProcessPhase.objects.filter(ended_at__lt=F("started_at")).exists()
    assert WantedSector.objects.exclude(sector__in=Sector.values).count() == 0


def test_a_second_run_adds_a_distinct_batch(seeded):
    counts = scaled_counts(SCALE)
    output = _seed(seed=7)
    assert "further batch" in output
    assert Lab.objects.filter(slug__startswith=SLUG_PREFIX).count() == 2 * counts.labs
    assert User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count() == 2 * counts.people
    assert Organisation.objects.count() == 2 * counts.organisations
    assert Process.objects.count() == 2 * counts.processes
    assert Lab.objects.filter(slug=f"{SLUG_PREFIX}{2 * counts.labs}").exists()
    assert User.objects.filter(email=f"person{2 * counts.people}@{EMAIL_DOMAIN}").exists()


@pytest.mark.django_db
def test_same_seed_same_data():
    _seed(seed=3)
    first = list(Challenge.objects.order_by("pk").values_list("title", "status", "starts_on", "ends_on"))
    names = list(User.objects.order_by("pk").values_list("name", flat=True))
    Process.objects.all().delete()
    Challenge.objects.all().delete()
    LabMembership.objects.all().delete()
    Lab.objects.all().delete()
    User.objects.all().delete()
    Organisation.objects.all().delete()
    _seed(seed=3)
    assert list(Challenge.objects.order_by("pk").values_list("title", "status", "starts_on", "ends_on")) == first
    assert list(User.objects.order_by("pk").values_list("name", flat=True)) == names


@pytest.mark.django_db
def test_rejects_a_scale_of_zero():
    with pytest.raises(CommandError, match="greater than 0"):
        call_command("seed_scale", scale=0, stdout=StringIO())


@pytest.mark.django_db
def test_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_scale", scale=SCALE, stdout=StringIO())
    assert not Lab.objects.exists()


def test_rooms_and_events_keep_the_rules_the_services_enforce(seeded):
    from django.db.models import Count, Q

    from kosilab.events.models import Event, Registration, RegistrationStatus
    from kosilab.rooms.models import Booking, Room

    labs = Lab.objects.filter(slug__startswith=SLUG_PREFIX).count()
    assert Room.objects.count() == 3 * labs
    assert Event.objects.count() == 40 * labs
    # No overlapping bookings of one room.
    for room in Room.objects.all()[:5]:
        spans = list(Booking.objects.filter(room=room).order_by("starts_at").values_list("starts_at", "ends_at"))
        assert all(earlier[1] <= later[0] for earlier, later in itertools.pairwise(spans))
    # seats_taken counts the confirmed registrations, never above the capacity.
    events = Event.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
    )
    for event in events:
        assert event.seats_taken == event.confirmed <= event.capacity
    assert Registration.objects.filter(status=RegistrationStatus.WAITING).exists()


def test_session_plans_and_playbooks_keep_their_rules(seeded):
    from django.db.models import Count, Max

    from kosilab.planning.models import Session
    from kosilab.playbook.content import DIMENSIONS
    from kosilab.playbook.models import Assessment, Playbook

    labs = Lab.objects.filter(slug__startswith=SLUG_PREFIX).count()
    assert Playbook.objects.count() == labs
    questions = sum(len(d.questions) for d in DIMENSIONS)
    assert set(Assessment.objects.annotate(n=Count("answers")).values_list("n", flat=True)) == {questions}
    for session in Session.objects.annotate(n=Count("blocks"), top=Max("blocks__position"))[:20]:
        assert session.top == session.n - 1  # positions 0..n-1


def test_ideas_keep_their_counters_and_indicators_their_measurements(seeded):
    from django.db.models import Count

    from kosilab.cocreation.models import Idea

    ideas = Idea.objects.annotate(
        n_comments=Count("comments", distinct=True), n_supports=Count("supports", distinct=True)
    )
    assert ideas.exists()
    for idea in ideas[:50]:
        assert (idea.comment_count, idea.support_count) == (idea.n_comments, idea.n_supports)
        assert idea.challenge.contributions_open
