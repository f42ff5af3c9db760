import pytest
from django.urls import reverse

from kosilab.challenges.models import Challenge, Participation, WantedSector
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Wie kommen mehr Menschen mit dem Rad zur Arbeit?",
    "summary": "Eine Frage der Stadt.",
    "status": "open",
    "starts_on": "2027-01-01",
    "ends_on": "2027-06-30",
    "wanted_sectors": ["public", "business", "science"],
}


def test_a_facilitator_creates_a_challenge_with_wanted_sectors(client, lab, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("challenges:create", args=[lab.slug]), VALID)
    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == challenge.get_absolute_url()
    assert challenge.lab == lab
    assert challenge.created_by == facilitator
    assert sorted(WantedSector.objects.values_list("sector", flat=True)) == ["business", "public", "science"]
    assert AuditEntry.objects.filter(action="challenges.challenge.created", lab=lab, actor=facilitator).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends_on": "2026-12-01"}, "ends_on", "Das Ende darf nicht vor dem Beginn liegen."),
        ({"title": "Hm"}, "title", "Der Titel muss mindestens 5 Zeichen lang sein."),
        ({"title": ""}, "title", "Dieses Feld ist zwingend erforderlich."),
        ({"title": "x" * 201}, "title", "Ensure this value has at most 200 characters"),
        ({"status": "archived"}, "status", "Bitte eine gültige Auswahl treffen."),
        ({"wanted_sectors": ["space"]}, "wanted_sectors", "Bitte eine gültige Auswahl treffen."),
        ({"starts_on": "31.02.2027"}, "starts_on", "Bitte ein gültiges Datum eingeben."),
    ],
)
def test_bad_challenge_input_gets_a_message_and_saves_nothing(client, lab, manager, change, field, message):
    client.force_login(manager)
    response = client.post(reverse("challenges:create", args=[lab.slug]), {**VALID, **change})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    if message.startswith("Ensure"):
        assert "höchstens 200 Zeichen" in errors
    else:
        assert message in errors
    assert not Challenge.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="challenges.").exists()


def test_script_in_a_title_is_shown_as_text(client, lab, manager):
    client.force_login(manager)
    client.post(reverse("challenges:create", args=[lab.slug]), {**VALID, "title": "<script>alert(1)</script> Frage"})
    challenge = Challenge.objects.get()
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Frage" in page


def test_smuggled_fields_are_ignored(client, lab, other_lab, manager):
    client.force_login(manager)
    client.post(reverse("challenges:create", args=[lab.slug]), {**VALID, "lab": other_lab.pk, "created_by": 999})
    challenge = Challenge.objects.get()
    assert challenge.lab == lab
    assert challenge.created_by == manager


def test_editing_replaces_the_wanted_sectors(client, lab, manager):
    challenge = ChallengeFactory(lab=lab)
    WantedSector.objects.create(challenge=challenge, sector="science")
    client.force_login(manager)
    response = client.post(
        reverse("challenges:edit", args=[challenge.pk]), {**VALID, "wanted_sectors": ["civil_society"]}
    )
    assert response.status_code == 302
    assert list(challenge.wanted_sectors.values_list("sector", flat=True)) == ["civil_society"]


def test_joining_twice_keeps_one_participation_and_leaving_removes_it(client, open_challenge, participant):
    client.force_login(participant)
    url = reverse("challenges:participate", args=[open_challenge.pk])
    assert client.post(url, {"kind": "interested"}).status_code == 302
    assert client.post(url, {"kind": "joined"}).status_code == 302
    participation = Participation.objects.get()
    assert participation.kind == "joined"
    client.post(reverse("challenges:leave", args=[open_challenge.pk]))
    assert not Participation.objects.exists()


def test_joining_by_htmx_swaps_the_participation_box(client, open_challenge, participant):
    client.force_login(participant)
    response = client.post(
        reverse("challenges:participate", args=[open_challenge.pk]), {"kind": "joined"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Sie nehmen an dieser Fragestellung teil." in response.content.decode()
    assert "<html" not in response.content.decode()


def test_on_behalf_of_my_organisation_records_the_organisation(client, open_challenge, participant, organisation):
    participant.profile.organisation = organisation
    participant.profile.save()
    client.force_login(participant)
    client.post(reverse("challenges:participate", args=[open_challenge.pk]), {"kind": "joined", "on_behalf": "on"})
    assert Participation.objects.get().organisation == organisation


def test_a_closed_challenge_takes_nobody(client, lab, participant):
    closed = ChallengeFactory(lab=lab, status="closed")
    client.force_login(participant)
    response = client.post(reverse("challenges:participate", args=[closed.pk]), {"kind": "joined"})
    assert response.status_code == 403
    assert not Participation.objects.exists()


def test_the_list_filters_by_lab_status_sector_and_text(client, lab, other_lab):
    a = ChallengeFactory(lab=lab, status="open", title="Radwege im Quartier")
    WantedSector.objects.create(challenge=a, sector="science")
    b = ChallengeFactory(lab=other_lab, status="closed", title="Nachbarschaftshilfe")
    ChallengeFactory(lab=lab, status="draft", title="Geheimer Entwurf")

    def titles(query):
        return {c.title for c in client.get(reverse("challenges:list") + query).context["page_obj"]}

    assert titles("") == {a.title, b.title}
    assert titles(f"?lab={lab.slug}") == {a.title}
    assert titles("?status=closed") == {b.title}
    assert titles("?sector=science") == {a.title}
    assert titles("?q=radwege") == {a.title}
    # An unknown filter value is ignored rather than failing.
    assert titles("?status=bogus") == {a.title, b.title}


def test_the_list_is_paginated_and_survives_bad_page_numbers(client, lab):
    for _ in range(25):
        ChallengeFactory(lab=lab, status="open")
    first = client.get(reverse("challenges:list"))
    assert len(first.context["page_obj"]) == 20
    assert len(client.get(reverse("challenges:list") + "?page=2").context["page_obj"]) == 5
    assert client.get(reverse("challenges:list") + "?page=999").context["page_obj"].number == 2
    assert client.get(reverse("challenges:list") + "?page=abc").context["page_obj"].number == 1


def test_drafts_of_another_lab_stay_hidden_even_in_the_list(client, other_manager, lab):
    ChallengeFactory(lab=lab, status="draft", title="Entwurf")
    client.force_login(other_manager)
    assert list(client.get(reverse("challenges:list")).context["page_obj"]) == []


def test_lab_staff_can_filter_their_drafts(client, lab, manager, participant):
    ChallengeFactory(lab=lab, status="draft", title="Entwurf")
    ChallengeFactory(lab=lab, status="open", title="Offen")
    client.force_login(manager)
    assert [c.title for c in client.get(reverse("challenges:list") + "?status=draft").context["page_obj"]] == [
        "Entwurf"
    ]
    client.force_login(participant)
    response = client.get(reverse("challenges:list") + "?status=draft")
    # Not a choice for participants: the filter is ignored, drafts stay hidden.
    assert [c.title for c in response.context["page_obj"]] == ["Offen"]
