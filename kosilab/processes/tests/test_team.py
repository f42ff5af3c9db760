"""The process team: the starter leads, adding by name (autocomplete), inviting by e-mail, and
roles that never change as a side effect (docs/labs.md, "The process team")."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from kosilab.accounts.models import User
from kosilab.accounts.tests.signup import confirm, sign_up
from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry, OutboxMail
from kosilab.core.tests.factories import OrganisationFactory, ProcessFactory, UserFactory
from kosilab.processes.models import MemberRole, ProcessInvitation, ProcessMember, invitation_token_hash
from kosilab.processes.services import (
    INVITATION_VALIDITY,
    invitation_accept,
    invitation_send,
    invitation_withdraw,
    member_add,
    member_role_change,
    process_start,
)

pytestmark = pytest.mark.django_db


def _invite(process, email="neu@example.org", **values):
    values = {"role": "expert", "sector": "science", "by": None, **values}
    return invitation_send(process=process, email=email, **values)


# --- The starter leads ---------------------------------------------------------------------------


def test_who_starts_a_process_is_its_lead_from_the_start(lab, manager):
    process = process_start(lab=lab, by=manager, title="Neue Wege")
    member = ProcessMember.objects.get(process=process)
    assert (member.user, member.role) == (manager, MemberRole.LEAD)
    # Without a sector in the profile: the sector of the lab's host organisation.
    assert member.sector == lab.host.sector
    assert manager.has_perm("processes.manage_team", process)


def test_the_starter_brings_the_sector_of_their_organisation(lab):
    organisation = OrganisationFactory(sector="science")
    starter = UserFactory(profile={"organisation": organisation, "sector": "business"})
    process = process_start(lab=lab, by=starter, title="Forschung")
    member = ProcessMember.objects.get(process=process)
    assert (member.sector, member.organisation) == ("science", organisation)


def test_a_process_started_by_the_system_has_no_lead_yet(lab):
    assert not ProcessMember.objects.filter(process=ProcessFactory(lab=lab)).exists()


def test_the_start_page_leads_to_a_process_with_its_starter_as_lead(client, lab, manager):
    client.force_login(manager)
    response = client.post(reverse("processes:create", args=[lab.slug]), {"title": "Quartier", "visibility": "public"})
    assert response.status_code == 302
    html = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert manager.name in html and "Process lead" in html


# --- Roles never change silently -----------------------------------------------------------------


def test_adding_a_member_again_with_the_same_role_changes_nothing(lab, participant):
    process = ProcessFactory(lab=lab)
    first = member_add(process=process, user=participant, role="expert", sector="science", by=None)
    again = member_add(process=process, user=participant, role="expert", sector="business", by=None)
    assert again.pk == first.pk and again.sector == "science"
    assert AuditEntry.objects.filter(action="processes.member.added").count() == 1


def test_adding_a_member_with_another_role_is_refused_naming_the_current_role(lab, participant):
    process = ProcessFactory(lab=lab)
    member_add(process=process, user=participant, role="expert", sector="science", by=None)
    with pytest.raises(DomainError) as refused:
        member_add(process=process, user=participant, role="lead", sector="science", by=None)
    assert participant.name in refused.value.message
    assert str(MemberRole.EXPERT.label) in refused.value.message  # the role it keeps, in the message's language
    assert ProcessMember.objects.get(process=process, user=participant).role == "expert"


def test_the_add_form_says_which_role_a_member_already_has(client, lab, manager):
    process = process_start(lab=lab, by=manager, title="P")
    person = UserFactory(name="Petra Public", profile={"visibility": "public", "sector": "science"})
    member_add(process=process, user=person, role="observer", by=None)
    client.force_login(manager)
    response = client.post(
        reverse("processes:member_add", args=[process.pk]),
        {"person": person.pk, "role": "expert"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "already in the team as “Observer”" in response.content.decode()
    assert ProcessMember.objects.get(process=process, user=person).role == "observer"


def test_a_role_change_is_its_own_logged_action(client, lab, manager, participant):
    process = process_start(lab=lab, by=manager, title="P")
    member = member_add(process=process, user=participant, role="observer", sector="science", by=None)
    client.force_login(manager)
    response = client.post(reverse("processes:member_role", args=[process.pk, member.pk]), {"role": "expert"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "expert"
    entry = AuditEntry.objects.get(action="processes.member.changed")
    assert entry.data == {"user": participant.pk, "from": "observer", "to": "expert"}


def test_the_last_process_lead_keeps_the_role(lab, manager):
    process = process_start(lab=lab, by=manager, title="P")
    lead = ProcessMember.objects.get(process=process)
    with pytest.raises(DomainError):
        member_role_change(process=process, member=lead, role="observer", by=manager)
    assert ProcessMember.objects.get(pk=lead.pk).role == "lead"


def test_a_bad_role_is_refused(client, lab, manager, participant):
    process = process_start(lab=lab, by=manager, title="P")
    member = member_add(process=process, user=participant, role="observer", sector="science", by=None)
    client.force_login(manager)
    client.post(reverse("processes:member_role", args=[process.pk, member.pk]), {"role": "king"})
    assert ProcessMember.objects.get(pk=member.pk).role == "observer"


# --- Adding by name -------------------------------------------------------------------------------


def test_without_javascript_a_name_gives_matches_to_choose_from(client, lab, manager):
    process = process_start(lab=lab, by=manager, title="P")
    petra = UserFactory(name="Petra Public", profile={"visibility": "public", "sector": "science"})
    UserFactory(name="Paul Peters", profile={"visibility": "members", "sector": "business"})
    client.force_login(manager)
    url = reverse("processes:member_add", args=[process.pk])
    first = client.post(url, {"person_query": "Pet", "role": "expert"}, HTTP_ACCEPT_LANGUAGE="en")
    html = first.content.decode()
    assert first.status_code == 400
    assert 'type="radio" name="person"' in html and "Petra Public" in html and "Paul Peters" in html
    # The empty hidden input (no script) and the chosen radio button share the name.
    second = client.post(url, {"person_query": "Pet", "person": ["", petra.pk], "role": "expert"})
    assert second.status_code == 302
    assert ProcessMember.objects.filter(process=process, user=petra, role="expert").exists()


def test_a_private_profile_cannot_be_added_by_id(client, lab, manager):
    process = process_start(lab=lab, by=manager, title="P")
    hidden = UserFactory(name="Pia Private", profile={"visibility": "private", "sector": "public"})
    client.force_login(manager)
    response = client.post(reverse("processes:member_add", args=[process.pk]), {"person": hidden.pk, "role": "expert"})
    assert response.status_code == 400
    assert not ProcessMember.objects.filter(user=hidden).exists()


def test_people_search_ranks_names_that_start_with_the_text_first(client, participant):
    UserFactory(name="Anna Berg", profile={"visibility": "public"})
    UserFactory(name="Bernd Acker", profile={"visibility": "public"})
    UserFactory(name="Zoe Bernhard", profile={"visibility": "members"})
    UserFactory(name="Hubertus", profile={"visibility": "public"})
    client.force_login(participant)
    html = client.get(reverse("actors:people_autocomplete"), {"q": "ber"}).content.decode()
    # The name starts with it; then a later word does; then it is anywhere inside.
    assert html.index("Bernd Acker") < html.index("Anna Berg") < html.index("Zoe Bernhard") < html.index("Hubertus")
    assert 'role="option"' in html


def test_people_search_finds_no_private_profile_and_at_most_ten(client, participant):
    UserFactory(name="Pia Private", profile={"visibility": "private"})
    UserFactory(name="Ina Inactive", is_active=False, profile={"visibility": "public"})
    for number in range(12):
        UserFactory(name=f"Paula {number}", profile={"visibility": "public"})
    client.force_login(participant)
    html = client.get(reverse("actors:people_autocomplete"), {"q": "P"}).content.decode()
    assert html.strip() == ""  # one letter is not enough
    html = client.get(reverse("actors:people_autocomplete"), {"person_query": "Pia"}).content.decode()
    assert "Pia Private" not in html
    html = client.get(reverse("actors:people_autocomplete"), {"q": "Paula"}).content.decode()
    assert html.count('role="option"') == 10
    assert "Ina Inactive" not in client.get(reverse("actors:people_autocomplete"), {"q": "Ina"}).content.decode()


def test_the_autocomplete_is_for_logged_in_people_and_throttled(client, participant, settings):
    assert client.get(reverse("actors:people_autocomplete"), {"q": "Pe"}).status_code == 302
    settings.KOSILAB_RATELIMIT_RATES = {"autocomplete": "3/m"}
    client.force_login(participant)
    for _ in range(3):
        assert client.get(reverse("actors:organisation_autocomplete"), {"q": "Or"}).status_code == 200
    refused = client.get(reverse("actors:people_autocomplete"), {"q": "Pe"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_the_profile_chooses_its_organisation_by_search(client, participant):
    wanted = OrganisationFactory(name="Stadtwerke Dortmund")
    OrganisationFactory(name="Caritas")
    client.force_login(participant)
    page = client.get(reverse("actors:my_profile")).content.decode()
    assert 'role="combobox"' in page and "Caritas" not in page  # no list of every organisation
    html = client.get(reverse("actors:organisation_autocomplete"), {"profile-organisation_query": "stadt"})
    assert "Stadtwerke Dortmund" in html.content.decode()
    data = {
        "account-name": participant.name,
        "account-language": "en",
        "profile-organisation": wanted.pk,
        "profile-organisation_query": wanted.name,
        "profile-sector": "",
        "profile-visibility": "members",
    }
    response = client.post(reverse("actors:my_profile"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    participant.profile.refresh_from_db()
    assert participant.profile.organisation == wanted


# --- Invitations by e-mail -----------------------------------------------------------------------


def test_an_invitation_stores_only_the_hash_and_sends_a_mail(lab):
    process = ProcessFactory(lab=lab, title="Fahrradgaragen")
    invitation, token = _invite(process, email=" Neu@Example.org ")
    assert invitation.email == "neu@example.org"
    assert invitation.token_hash == invitation_token_hash(token=token) and token not in invitation.token_hash
    assert invitation.expires_at == invitation.created_at + INVITATION_VALIDITY or (
        abs(invitation.expires_at - invitation.created_at - INVITATION_VALIDITY) < datetime.timedelta(seconds=1)
    )
    mail = OutboxMail.objects.get(to="neu@example.org")
    assert "Fahrradgaragen" in mail.subject and f"/processes/invitations/{token}/" in mail.body
    entry = AuditEntry.objects.get(action="processes.invitation.sent")
    assert "neu@example.org" not in str(entry.data)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"role": "king"}, "role"),
        ({"sector": "nowhere"}, "sector"),
    ],
)
def test_bad_invitations_are_refused_and_store_nothing(lab, values, field):
    process = ProcessFactory(lab=lab)
    with pytest.raises(DomainError) as refused:
        _invite(process, **values)
    assert refused.value.field == field
    assert not ProcessInvitation.objects.exists() and not OutboxMail.objects.exists()


def test_a_second_invitation_to_the_same_address_is_refused(lab):
    process = ProcessFactory(lab=lab)
    _invite(process)
    with pytest.raises(DomainError) as refused:
        _invite(process, email="NEU@example.org")
    assert refused.value.field == "email"
    assert ProcessInvitation.objects.count() == 1


@pytest.mark.clock
def test_an_expired_invitation_creates_nothing_and_can_be_renewed(lab):
    process = ProcessFactory(lab=lab)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        old, _token = _invite(process)
    with time_machine.travel(start + INVITATION_VALIDITY + datetime.timedelta(minutes=1), tick=False):
        person = sign_up(email="neu@example.org", name="Nina Neu", password="a long secret 123")
        confirm(person)
        assert not ProcessMember.objects.filter(user=person).exists()
        new, _token = _invite(process)  # the expired one is replaced
    old.refresh_from_db()
    assert old.withdrawn_at is not None and new.pk != old.pk


def test_signing_up_and_confirming_the_address_makes_the_membership(lab):
    process = ProcessFactory(lab=lab)
    _invite(process, email="neu@example.org", role="co_creator", sector="civil_society")
    person = sign_up(email="neu@example.org", name="Nina Neu", password="a long secret 123")
    assert not ProcessMember.objects.filter(user=person).exists()  # not before the address is confirmed
    confirm(person)
    member = ProcessMember.objects.get(process=process, user=person)
    assert (member.role, member.sector) == ("co_creator", "civil_society")
    assert ProcessInvitation.objects.get().accepted_by == person


def test_confirming_another_address_makes_no_membership(lab):
    process = ProcessFactory(lab=lab)
    _invite(process, email="neu@example.org")
    person = sign_up(email="anders@example.org", name="Andi", password="a long secret 123")
    confirm(person)
    assert not ProcessMember.objects.filter(process=process).exists()
    assert ProcessInvitation.objects.get().accepted_at is None


def test_a_withdrawn_invitation_creates_nothing_and_its_link_is_gone(client, lab, manager):
    process = process_start(lab=lab, by=manager, title="P")
    invitation, token = _invite(process)
    client.force_login(manager)
    response = client.post(reverse("processes:invitation_withdraw", args=[process.pk, invitation.pk]))
    assert response.status_code == 302
    invitation_withdraw(invitation=invitation, by=manager)  # twice: nothing more happens
    assert AuditEntry.objects.filter(action="processes.invitation.withdrawn").count() == 1
    client.logout()
    assert client.get(reverse("processes:invitation", args=[token])).status_code == 404
    person = sign_up(email="neu@example.org", name="Nina", password="a long secret 123")
    confirm(person)
    assert not ProcessMember.objects.filter(user=person).exists()


def test_the_lead_sees_the_same_answer_whether_or_not_the_address_has_an_account(client, lab, manager):
    process = process_start(lab=lab, by=manager, title="P")
    UserFactory(email="bekannt@example.org")
    client.force_login(manager)
    answers = []
    for email in ("bekannt@example.org", "unbekannt@example.org"):
        response = client.post(
            reverse("processes:invitation_create", args=[process.pk]),
            {"invite-email": email, "invite-role": "expert", "invite-sector": "science"},
            HTTP_HX_REQUEST="true",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        answers.append(response.content.decode().replace(email, "ADDRESS").replace(email, "ADDRESS"))
        assert response.status_code == 200
    for answer in answers:
        assert "An invitation has been sent to ADDRESS. It is valid for 14 days." in answer
        assert "account" not in answer.split('id="team"')[1].split("<table")[0]  # the message says nothing about it
    assert not ProcessMember.objects.filter(user__email="bekannt@example.org").exists()  # never added directly
    assert ProcessInvitation.objects.count() == 2


def test_someone_with_an_account_accepts_on_the_invitation_page(client, lab):
    process = ProcessFactory(lab=lab)
    person = UserFactory(email="konto@example.org")
    _invitation, token = _invite(process, email="konto@example.org")
    url = reverse("processes:invitation", args=[token])
    assert "Sign up" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    other = UserFactory()
    client.force_login(other)
    assert client.post(url).status_code == 200
    assert not ProcessMember.objects.filter(process=process).exists()
    client.force_login(person)
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == process.get_absolute_url()
    assert ProcessMember.objects.filter(process=process, user=person, role="expert").exists()
    assert client.get(url).status_code == 404  # used


def test_accepting_keeps_the_role_of_someone_already_in_the_team(lab):
    process = ProcessFactory(lab=lab)
    person = UserFactory(email="konto@example.org", profile={"sector": "science"})
    member_add(process=process, user=person, role="observer", by=None)
    invitation, _token = _invite(process, email="konto@example.org", role="lead")
    invitation_accept(invitation=invitation, user=person)
    assert ProcessMember.objects.get(process=process, user=person).role == "observer"


def test_unknown_invitation_links_are_throttled(client, settings):
    settings.KOSILAB_RATELIMIT_RATES = {"token-link-miss": "2/15m"}
    for number in range(2):
        assert client.get(reverse("processes:invitation", args=[f"guess{number}"])).status_code == 404
    assert client.get(reverse("processes:invitation", args=["guess3"])).status_code == 429


def test_the_lead_lists_open_invitations(client, lab, manager):
    process = process_start(lab=lab, by=manager, title="P")
    _invite(process, email="offen@example.org")
    accepted, _token = _invite(process, email="konto@example.org")
    invitation_accept(invitation=accepted, user=UserFactory(email="konto@example.org"))
    client.force_login(manager)
    html = client.get(reverse("processes:team", args=[process.pk])).content.decode()
    assert "offen@example.org" in html and "konto@example.org" not in html
    assert User.objects.filter(email="konto@example.org").exists()


def test_the_autocomplete_costs_the_same_whatever_it_finds(client, participant, django_assert_num_queries):
    client.force_login(participant)
    client.get(reverse("actors:people_autocomplete"), {"q": "Ze"})  # the session is warm
    with django_assert_num_queries(3):  # session, account, matches
        client.get(reverse("actors:people_autocomplete"), {"q": "Ze"})
    for number in range(15):
        organisation = OrganisationFactory(name=f"Zentrum {number}")
        UserFactory(name=f"Zelda {number}", profile={"visibility": "public", "organisation": organisation})
    with django_assert_num_queries(3):
        html = client.get(reverse("actors:people_autocomplete"), {"q": "Ze"}).content.decode()
    assert html.count('role="option"') == 10
    with django_assert_num_queries(3):
        client.get(reverse("actors:organisation_autocomplete"), {"q": "Ze"})


def test_the_lab_team_finds_people_by_name_and_says_when_a_role_changes(client, lab, manager):
    from kosilab.labs.models import LabMembership

    person = UserFactory(name="Fiona Facil", profile={"visibility": "members"})
    client.force_login(manager)
    url = reverse("labs:team", args=[lab.slug])
    assert client.post(url, {"person": person.pk, "role": "facilitator"}).status_code == 302
    assert LabMembership.objects.get(lab=lab, user=person).role == "facilitator"
    response = client.post(url, {"person": person.pk, "role": "manager"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Fiona Facil was “" in response.content.decode() and "and is now “" in response.content.decode()
    assert AuditEntry.objects.filter(action="labs.team.role_changed").exists()


def test_open_invitations_are_listed_twenty_to_a_page(client, lab, manager):
    process = ProcessFactory(lab=lab)
    for i in range(21):
        invitation_send(process=process, email=f"guest{i:02}@example.org", role="expert", sector="science", by=None)
    client.force_login(manager)
    first = client.get(f"/processes/{process.pk}/team/").content.decode()
    assert first.count("@example.org</td>") == 20
    assert "?invitations_page=2" in first
    second = client.get(f"/processes/{process.pk}/team/", {"invitations_page": 2}).content.decode()
    assert second.count("@example.org</td>") == 1


def test_the_invitation_s_sign_up_link_suggests_the_invited_address(client, lab):
    process = ProcessFactory(lab=lab)
    _invitation, token = _invite(process, "neu+lab@example.org")
    page = client.get(f"/processes/invitations/{token}/").content.decode()
    assert 'href="/accounts/signup/?email=neu%2Blab%40example.org"' in page
    signup = client.get("/accounts/signup/", {"email": "neu+lab@example.org"}).content.decode()
    assert 'value="neu+lab@example.org"' in signup
    refused = client.get("/accounts/signup/", {"email": "not an address"}).content.decode()
    assert "not an address" not in refused
