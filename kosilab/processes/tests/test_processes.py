import datetime

import pytest
import time_machine
from django.urls import reverse

from kosilab.challenges.models import WantedSector
from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import ChallengeFactory, OrganisationFactory, ProcessFactory, UserFactory
from kosilab.labs.services import phase_template_update
from kosilab.processes.models import PhaseTransition, Process, ProcessMember
from kosilab.processes.selectors import balance
from kosilab.processes.services import log_add, member_add, phase_advance, process_start

pytestmark = pytest.mark.django_db

DEFAULT_KEYS = ["prompts", "proposals", "prototypes", "sustaining", "scaling", "systemic_change"]


def test_a_process_starts_in_the_first_phase_of_the_lab_template(lab, manager, open_challenge):
    process = process_start(lab=lab, by=manager, challenge=open_challenge, title="Fahrradgaragen")
    assert [p.key for p in process.phases.order_by("position")] == DEFAULT_KEYS
    assert process.current_phase.key == "prompts"
    assert process.current_phase.label == "Anstoß"
    assert process.current_phase.started_at is not None
    open_challenge.refresh_from_db()
    assert open_challenge.status == "in_progress"
    transition = PhaseTransition.objects.get(process=process)
    assert transition.from_phase is None and transition.by == manager
    assert AuditEntry.objects.filter(action="processes.process.started", lab=lab).count() == 1


def test_a_second_process_for_the_same_challenge_is_refused(lab, manager, open_challenge):
    process_start(lab=lab, by=manager, challenge=open_challenge, title="Eins")
    with pytest.raises(DomainError, match="bereits ein Prozess"):
        process_start(lab=lab, by=manager, challenge=open_challenge, title="Zwei")
    assert Process.objects.count() == 1


def test_a_challenge_of_another_lab_cannot_become_a_process_here(lab, other_lab, manager):
    foreign = ChallengeFactory(lab=other_lab)
    with pytest.raises(DomainError):
        process_start(lab=lab, by=manager, challenge=foreign, title="Fremd")
    assert not Process.objects.exists()


def test_an_edited_template_applies_to_new_processes_only(lab, manager):
    running = ProcessFactory(lab=lab)
    phase_template_update(
        lab=lab, by=manager, steps=[{"name": "Verstehen"}, {"name": "Ausprobieren"}, {"key": "scaling", "name": ""}]
    )
    new = ProcessFactory(lab=lab)
    assert [p.label for p in new.phases.order_by("position")] == ["Verstehen", "Ausprobieren", "Verbreitung"]
    assert running.phases.count() == 6


def test_advancing_records_who_when_and_why_and_stops_at_the_last_phase(lab, manager):
    process = ProcessFactory(lab=lab)
    for _ in range(5):
        phase_advance(process=process, by=manager, reason="Weiter.")
    assert process.current_phase.key == "systemic_change"
    with pytest.raises(DomainError, match="letzten Phase"):
        phase_advance(process=process, by=manager, reason="Noch weiter.")
    moves = PhaseTransition.objects.filter(process=process).exclude(from_phase=None)
    assert moves.count() == 5
    assert all(t.by == manager and t.reason == "Weiter." and t.at for t in moves)
    ended = process.phases.exclude(ended_at=None).count()
    assert ended == 5


def test_advancing_without_a_reason_changes_nothing(client, lab, manager):
    process = ProcessFactory(lab=lab)
    client.force_login(manager)
    response = client.post(
        reverse("processes:advance", args=[process.pk]),
        {"reason": "   ", "expected_phase": process.current_phase_id},
        follow=True,
    )
    assert "Bitte begründen Sie, warum der Prozess weitergeht." in response.content.decode()
    process.refresh_from_db()
    assert process.current_phase.key == "prompts"


def test_the_advance_form_moves_the_process_on(client, lab, facilitator):
    process = ProcessFactory(lab=lab)
    client.force_login(facilitator)
    response = client.post(
        reverse("processes:advance", args=[process.pk]),
        {"reason": "Ideen liegen vor.", "expected_phase": process.current_phase_id},
        follow=True,
    )
    assert "Ideen" in response.content.decode()
    process.refresh_from_db()
    assert process.current_phase.key == "proposals"


def test_sector_balance_warns_until_every_wanted_sector_is_in_the_team(lab, manager):
    challenge = ChallengeFactory(lab=lab)
    for sector in ("public", "business", "science"):
        WantedSector.objects.create(challenge=challenge, sector=sector)
    process = ProcessFactory(lab=lab, challenge=challenge)
    assert {s.value for s in balance(process).missing} == {"public", "business", "science"}
    for sector in ("public", "business"):
        person = UserFactory()
        member_add(process=process, user=person, role="co_creator", sector=sector, by=manager)
    assert [s.value for s in balance(process).missing] == ["science"]
    scientist = UserFactory()
    scientist.profile.organisation = OrganisationFactory(sector="science")
    scientist.profile.save()
    member_add(process=process, user=scientist, role="expert", by=manager)
    result = balance(process)
    assert result.missing == []
    assert result.total == 3
    assert result.index_percent == round(100 * (1 - 3 * (1 / 3) ** 2) / 0.75)


def test_a_member_without_a_known_sector_is_refused_with_a_message(client, lab, manager, participant):
    process = ProcessFactory(lab=lab)
    client.force_login(manager)
    response = client.post(
        reverse("processes:member_add", args=[process.pk]),
        {"person": participant.pk, "role": "co_creator"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.context["member_form"].errors["sector"] == [
        "Bitte geben Sie an, welchen Sektor diese Person an den Tisch bringt."
    ]
    assert not ProcessMember.objects.exists()


def test_adding_a_name_nobody_has_is_refused(client, lab, manager):
    process = ProcessFactory(lab=lab)
    client.force_login(manager)
    response = client.post(
        reverse("processes:member_add", args=[process.pk]), {"person_query": "Nobody Known", "role": "expert"}
    )
    assert response.status_code == 400
    assert response.context["member_form"].errors["person"]
    assert not ProcessMember.objects.exists()


def test_the_team_region_answers_htmx_with_the_new_balance(client, lab, manager):
    challenge = ChallengeFactory(lab=lab)
    WantedSector.objects.create(challenge=challenge, sector="science")
    process = ProcessFactory(lab=lab, challenge=challenge)
    scientist = UserFactory(profile={"sector": "science"})
    client.force_login(manager)
    before = client.get(process.get_absolute_url()).content.decode()
    assert 'id="sector-warning"' in before
    response = client.post(
        reverse("processes:member_add", args=[process.pk]),
        {"person": scientist.pk, "role": "expert"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="team"' in html and "<html" not in html
    assert 'id="sector-warning"' not in html
    assert scientist.name in html


def test_internal_processes_are_listed_only_for_their_lab_and_team(client, lab, participant, manager):
    internal = ProcessFactory(lab=lab, visibility="internal", title="Intern")
    ProcessFactory(lab=lab, title="Öffentlich")

    def titles():
        return {p.title for p in client.get(reverse("processes:list")).context["page_obj"]}

    assert titles() == {"Öffentlich"}
    client.force_login(participant)
    assert titles() == {"Öffentlich"}
    member_add(process=internal, user=participant, role="observer", sector="business", by=manager)
    assert titles() == {"Öffentlich", "Intern"}


def test_people_who_joined_the_challenge_are_proposed_for_the_team(client, lab, manager):
    from kosilab.challenges.models import Participation

    challenge = ChallengeFactory(lab=lab)
    process = ProcessFactory(lab=lab, challenge=challenge)
    joined = UserFactory(name="Jana Joined", profile={"sector": "business"})
    no_sector = UserFactory(name="Nico Nosector")
    Participation.objects.create(challenge=challenge, user=joined, kind="joined")
    Participation.objects.create(challenge=challenge, user=no_sector, kind="interested")
    client.force_login(manager)
    html = client.get(process.get_absolute_url()).content.decode()
    assert "Jana Joined zum Team hinzufügen" in html
    assert "Nico Nosector zum Team hinzufügen" not in html
    response = client.post(
        reverse("processes:member_add", args=[process.pk]),
        {"person": joined.pk, "role": "co_creator"},
        HTTP_HX_REQUEST="true",
    )
    assert "Jana Joined zum Team hinzufügen" not in response.content.decode()
    assert ProcessMember.objects.get(process=process).sector == "business"


def test_team_names_follow_the_visibility_each_person_chose(client, lab, manager, participant):
    process = ProcessFactory(lab=lab)
    public = UserFactory(name="Petra Public", profile={"visibility": "public", "sector": "science"})
    members = UserFactory(name="Max Members", profile={"visibility": "members", "sector": "business"})
    private = UserFactory(name="Pia Private", profile={"visibility": "private", "sector": "public"})
    for person in (public, members, private):
        member_add(process=process, user=person, role="co_creator", by=manager)
    log_add(process=process, by=private, text="Interviews geführt.")

    def page():
        return client.get(process.get_absolute_url()).content.decode()

    anonymous = page()
    assert "Petra Public" in anonymous
    assert "Max Members" not in anonymous and "Pia Private" not in anonymous
    assert anonymous.count("Name nicht angezeigt") == 2
    assert "ein Teammitglied: Interviews geführt." in anonymous

    client.force_login(participant)
    logged_in = page()
    assert "Max Members" in logged_in and "Pia Private" not in logged_in

    client.force_login(public)  # a teammate
    assert "Pia Private" in page()
    client.force_login(manager)  # the lab's staff
    assert "Pia Private: Interviews geführt." in page()


@pytest.mark.parametrize("due_on", ["0001-01-01", "9999-12-31"])
def test_an_implausible_milestone_date_is_refused(client, lab, manager, due_on):
    process = ProcessFactory(lab=lab)
    client.force_login(manager)
    response = client.post(
        reverse("processes:milestone_add", args=[process.pk]), {"title": "X", "due_on": due_on}, follow=True
    )
    assert "Der Meilenstein braucht einen Titel und ein gültiges Datum." in response.content.decode()
    assert not process.milestones.exists()


def test_an_implausible_start_date_is_refused_when_starting_a_process(client, lab, manager):
    client.force_login(manager)
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        response = client.post(
            reverse("processes:create", args=[lab.slug]),
            {"title": "Zukunft", "visibility": "public", "started_on": "9999-12-31"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert response.context["form"].errors["started_on"] == [
        "Please enter a date between 1 January 1990 and 15 June 2036."
    ]
    assert not Process.objects.exists()


def test_a_non_ascii_digit_in_the_challenge_parameter_is_ignored(client, lab, manager):
    client.force_login(manager)
    assert client.get(reverse("processes:create", args=[lab.slug]) + "?challenge=%C2%B2").status_code == 200
