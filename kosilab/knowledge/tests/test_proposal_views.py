"""The pages of proposals, their review, the check of facts and a lab's own profile: the forms,
refusals (400 with the reason), what they save and what they never save."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import LabFactory, OrganisationFactory, ProcessFactory, UserFactory
from kosilab.knowledge import services
from kosilab.knowledge.models import LabProfile, ProfileProposal, ProposalStatus
from kosilab.knowledge.tests.editing import case_study, form_data
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.processes.services import member_add

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_and_a_fixed_day(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"), time_machine.travel(dt.datetime(2031, 3, 14, 11, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def lab():
    return LabFactory(slug="home", name="Home", host=OrganisationFactory(sector=Sector.PUBLIC))


@pytest.fixture
def staff(lab):
    person = UserFactory(name="Fay Facilitator", language="en")
    lab_team_set(lab=lab, user=person, role=LabRole.FACILITATOR, by=None)
    return person


@pytest.fixture
def manager(lab):
    person = UserFactory(name="Mo Manager", language="en")
    lab_team_set(lab=lab, user=person, role=LabRole.MANAGER, by=None)
    return person


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True, name="Ada Admin")


@pytest.fixture
def profile():
    return case_study()


def english(client):
    client.cookies["django_language"] = "en"
    return client


# --- Proposing -----------------------------------------------------------------------------------


def test_the_edit_form_starts_from_the_current_values(client, staff, profile):
    client.force_login(staff)
    page = client.get(f"/knowledge/labs/{profile.slug}/propose/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="2002"' in html
    assert 'value="employment" id="id_themes_0" checked' in html
    assert "https://example.org/founded" in html  # the current sources of a fact
    assert "On behalf of the lab Home." in html  # staff of one lab are not asked


def test_staff_propose_an_edit_with_a_source(client, staff, profile, lab):
    client.force_login(staff)
    data = form_data(profile, founded=2003, sources="https://example.org/new", comment="Checked the report.")
    response = client.post(f"/knowledge/labs/{profile.slug}/propose/", data)
    assert response.status_code == 302
    proposal = ProfileProposal.objects.get()
    assert response["Location"] == f"/knowledge/proposals/{proposal.pk}/"
    assert proposal.data == {"founded": 2003, "facts": {}}
    assert (proposal.lab, proposal.proposed_by, proposal.base_version) == (lab, staff, 1)


def test_a_proposal_without_sources_is_refused_with_400_and_nothing_is_saved(client, staff, profile):
    client.force_login(staff)
    response = client.post(f"/knowledge/labs/{profile.slug}/propose/", form_data(profile, founded=2003))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ProfileProposal.objects.exists()


def test_a_refusal_of_the_service_is_shown_on_the_form(client, staff, profile):
    client.force_login(staff)
    data = form_data(profile, sources="https://example.org/x")
    response = client.post(f"/knowledge/labs/{profile.slug}/propose/", data)
    assert response.status_code == 400
    assert "Your proposal changes nothing" in response.content.decode()


def test_a_proposal_against_an_older_version_is_refused(client, staff, profile, admin):
    data = form_data(profile, founded=2003, sources="https://example.org/x")
    services.profile_update(profile=profile, actor=admin, data={"team_size": 3}, expected_version=1)
    client.force_login(staff)
    response = client.post(f"/knowledge/labs/{profile.slug}/propose/", data)
    assert response.status_code == 400
    assert "Somebody else has changed this profile" in response.content.decode()


def test_staff_of_several_labs_choose_on_whose_behalf(client, staff):
    other = LabFactory(slug="other", name="Other")
    lab_team_set(lab=other, user=staff, role=LabRole.MANAGER, by=None)
    client.force_login(staff)
    assert 'name="lab"' in client.get("/knowledge/propose/").content.decode()
    data = form_data(None, name="Labor Graz", country="AT", sources="Buch, S. 3")
    assert client.post("/knowledge/propose/", data).status_code == 400  # which lab?
    response = client.post("/knowledge/propose/", {**data, "lab": other.pk})
    assert response.status_code == 302
    assert ProfileProposal.objects.get().lab == other


def test_smuggled_fields_are_ignored(client, staff, profile, lab):
    client.force_login(staff)
    data = form_data(
        profile,
        founded=2003,
        sources="https://example.org/x",
        slug="hijacked",
        status_of_proposal="accepted",
        proposed_by=UserFactory().pk,
        version=1,
        search_de="nonsense",
    )
    assert client.post(f"/knowledge/labs/{profile.slug}/propose/", data).status_code == 302
    proposal = ProfileProposal.objects.get()
    assert (proposal.status, proposal.proposed_by) == (ProposalStatus.PENDING, staff)
    assert set(proposal.data) == {"founded", "facts"}


def test_a_hosted_labs_profile_has_no_proposal_page(client, staff, lab, admin):
    own = services.own_profile_get_or_create(lab=lab, actor=admin)
    client.force_login(staff)
    assert client.get(f"/knowledge/labs/{own.slug}/propose/").status_code == 404


# --- Reviewing -----------------------------------------------------------------------------------


@pytest.fixture
def proposal(staff, lab, profile):
    return services.proposal_create(
        actor=staff,
        lab=lab,
        profile=profile,
        data={"founded": 2003, "themes": ["employment", "mobility"]},
        sources="https://example.org/new\nAnnual report 2030",
        comment="The report says so.",
        expected_version=1,
    )


def test_the_detail_shows_proposed_and_current_values_side_by_side(client, admin, proposal):
    client.force_login(admin)
    html = client.get(f"/knowledge/proposals/{proposal.pk}/").content.decode()
    assert "Founded (year)" in html
    assert "<td>2002" in html and "<td>2003" in html
    assert "work and employment, mobility" in html
    assert "Annual report 2030" in html
    assert f'action="/knowledge/proposals/{proposal.pk}/accept/"' in html
    assert "Withdraw my proposal" not in html


def test_the_proposer_sees_the_withdraw_button_but_no_decision(client, staff, proposal):
    client.force_login(staff)
    html = client.get(f"/knowledge/proposals/{proposal.pk}/").content.decode()
    assert "Withdraw my proposal" in html
    assert "/accept/" not in html


def test_an_admin_accepts_and_the_profile_changes(client, admin, proposal, profile):
    client.force_login(admin)
    response = client.post(
        f"/knowledge/proposals/{proposal.pk}/accept/", {"accept-note": "Thank you.", "accept-version": 1}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.founded, profile.version) == (2003, 2)
    assert ProfileProposal.objects.get(pk=proposal.pk).status == ProposalStatus.ACCEPTED


def test_accepting_twice_answers_400_with_the_reason(client, admin, proposal):
    client.force_login(admin)
    client.post(f"/knowledge/proposals/{proposal.pk}/accept/", {"accept-version": 1})
    response = client.post(f"/knowledge/proposals/{proposal.pk}/accept/", {"accept-version": 2})
    assert response.status_code == 400
    assert "This proposal has been decided already" in response.content.decode()


def test_a_changed_profile_shows_a_warning_and_needs_the_confirmation(client, admin, proposal, profile):
    services.profile_update(profile=profile, actor=admin, data={"founded": 2001}, expected_version=1)
    client.force_login(admin)
    html = client.get(f"/knowledge/proposals/{proposal.pk}/").content.decode()
    assert "The profile has changed since this proposal was made" in html
    assert "when proposed" in html  # the founding year was 2002 then, 2001 now
    refused = client.post(f"/knowledge/proposals/{proposal.pk}/accept/", {"accept-version": 2})
    assert refused.status_code == 400
    assert "confirm that the proposed fields should be written" in refused.content.decode()
    accepted = client.post(
        f"/knowledge/proposals/{proposal.pk}/accept/", {"accept-version": 2, "accept-confirm_changed": "on"}
    )
    assert accepted.status_code == 302
    assert LabProfile.objects.get(pk=profile.pk).founded == 2003


def test_rejecting_without_a_note_answers_400(client, admin, proposal):
    client.force_login(admin)
    response = client.post(f"/knowledge/proposals/{proposal.pk}/reject/", {"reject-note": ""})
    assert response.status_code == 400
    assert ProfileProposal.objects.get(pk=proposal.pk).status == ProposalStatus.PENDING
    response = client.post(f"/knowledge/proposals/{proposal.pk}/reject/", {"reject-note": "No source says so."})
    assert response.status_code == 302
    assert ProfileProposal.objects.get(pk=proposal.pk).status == ProposalStatus.REJECTED


def test_the_proposer_withdraws(client, staff, proposal):
    client.force_login(staff)
    assert client.post(f"/knowledge/proposals/{proposal.pk}/withdraw/").status_code == 302
    assert ProfileProposal.objects.get(pk=proposal.pk).status == ProposalStatus.WITHDRAWN
    again = client.post(f"/knowledge/proposals/{proposal.pk}/withdraw/")
    assert again.status_code == 400
    assert "decided already" in again.content.decode()


def test_the_queue_shows_admins_what_waits_and_staff_their_own(client, admin, staff, proposal, profile, lab):
    other = UserFactory()
    lab_team_set(lab=lab, user=other, role=LabRole.MANAGER, by=None)
    decided = services.proposal_create(
        actor=other, lab=lab, profile=profile, data={"team_size": 3}, sources="Flyer", expected_version=1
    )
    services.proposal_reject(actor=admin, proposal=decided, note="No.")
    client.force_login(admin)
    queue = client.get("/knowledge/proposals/").content.decode()
    assert queue.count(f"/knowledge/proposals/{proposal.pk}/") == 1
    assert f"/knowledge/proposals/{decided.pk}/" not in queue  # waiting ones only, unless asked
    everything = client.get("/knowledge/proposals/?status=").content.decode()
    assert f"/knowledge/proposals/{decided.pk}/" in everything
    client.force_login(staff)
    mine = client.get("/knowledge/proposals/").content.decode()
    assert f"/knowledge/proposals/{proposal.pk}/" in mine
    assert f"/knowledge/proposals/{decided.pk}/" not in mine


def test_a_bad_status_filter_shows_the_default(client, admin, proposal):
    client.force_login(admin)
    response = client.get("/knowledge/proposals/?status=nonsense")
    assert response.status_code == 200
    assert f"/knowledge/proposals/{proposal.pk}/" in response.content.decode()


# --- Checking facts ------------------------------------------------------------------------------


def test_an_admin_checks_facts(client, admin, profile):
    client.force_login(admin)
    page = client.get(f"/knowledge/labs/{profile.slug}/check/")
    assert page.status_code == 200
    assert "https://example.org/founded" in page.content.decode()
    assert client.post(f"/knowledge/labs/{profile.slug}/check/", {"facts": []}).status_code == 400
    response = client.post(f"/knowledge/labs/{profile.slug}/check/", {"facts": ["founded"]})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.facts["founded"]["checked"] == "2031-03-14"


# --- The own profile -----------------------------------------------------------------------------


def test_the_own_profile_page_offers_what_the_platform_knows_without_saving(client, manager, lab):
    process = ProcessFactory(lab=lab)
    member_add(process=process, user=UserFactory(), role="expert", by=None, sector=Sector.SCIENCE)
    client.force_login(manager)
    page = client.get("/knowledge/own/home/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="take" value="sectors"' in html
    assert not LabProfile.objects.filter(lab=lab).exists()  # showing the page writes nothing

    data = form_data(None, name="Home", country="DE", use_suggestions="1", take=["sectors", "team_size"])
    data["sectors"] = ["public"]
    response = client.post("/knowledge/own/home/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="public" id="id_sectors_0" checked' in html or 'id="id_sectors_0" checked' in html
    assert 'value="science"' in html and 'id="id_sectors_3" checked' in html
    assert 'name="team_size" value="1"' in html
    assert not LabProfile.objects.filter(lab=lab).exists()  # still nothing saved


def test_a_manager_saves_the_own_profile(client, manager, lab):
    client.force_login(manager)
    data = form_data(None, name="Home", country="DE", team_size=4, sectors=["public", "science"], version=0)
    response = client.post("/knowledge/own/home/", data)
    assert response.status_code == 302
    profile = LabProfile.objects.get(lab=lab)
    assert (profile.team_size, profile.sectors, profile.version, profile.slug) == (4, ["public", "science"], 2, "home")
    stale = client.post("/knowledge/own/home/", {**data, "team_size": 5})
    assert stale.status_code == 400
    assert "Somebody else has changed this profile" in stale.content.decode()
    fresh = client.post("/knowledge/own/home/", form_data(profile, team_size=5))
    assert fresh.status_code == 302
    assert LabProfile.objects.get(lab=lab).team_size == 5


def test_bad_input_on_the_own_profile_answers_400(client, manager, lab):
    client.force_login(manager)
    data = form_data(None, name="Home", country="ZZ", version=0)
    response = client.post("/knowledge/own/home/", data)
    assert response.status_code == 400
    assert "Enter the country as its two-letter code" in response.content.decode()
    assert not LabProfile.objects.filter(lab=lab).exists()
