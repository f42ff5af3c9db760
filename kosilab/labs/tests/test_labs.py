import pytest
from django.urls import reverse

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import UserFactory
from kosilab.labs.models import LabMembership, PhaseTemplateStep
from kosilab.labs.services import lab_team_remove

pytestmark = pytest.mark.django_db


def _phase_post(steps):
    data = {
        "phases-TOTAL_FORMS": str(len(steps)),
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "20",
    }
    for i, step in enumerate(steps):
        for key, value in step.items():
            data[f"phases-{i}-{key}"] = value
    return data


def test_a_new_lab_gets_the_default_phase_template(lab):
    labels = [s.label for s in PhaseTemplateStep.objects.filter(lab=lab).order_by("position")]
    assert labels == ["Anstoß", "Ideen", "Erprobung", "Verstetigung", "Verbreitung", "Systemwandel"]


def test_a_manager_reorders_renames_and_removes_phases(client, lab, manager):
    client.force_login(manager)
    response = client.post(
        reverse("labs:phase_template", args=[lab.slug]),
        _phase_post(
            [
                {"key": "prompts", "name": "Anstoß", "position": "2"},
                {"key": "proposals", "name": "Ideenwerkstatt", "position": "1"},
                {"key": "prototypes", "name": "Erprobung", "position": "3", "DELETE": "on"},
                {"key": "", "name": "Auswertung", "position": "4"},
            ]
        ),
    )
    assert response.status_code == 302
    steps = list(PhaseTemplateStep.objects.filter(lab=lab).order_by("position"))
    assert [(s.key, s.name) for s in steps] == [
        ("proposals", "Ideenwerkstatt"),
        ("prompts", ""),
        ("auswertung", "Auswertung"),
    ]
    assert AuditEntry.objects.filter(action="labs.phase_template.updated").exists()


def test_an_empty_phase_template_is_refused(client, lab, manager):
    client.force_login(manager)
    response = client.post(
        reverse("labs:phase_template", args=[lab.slug]), _phase_post([{"key": "", "name": "", "position": "1"}])
    )
    assert response.status_code == 200
    assert "Eine Phasenvorlage braucht mindestens eine Phase." in response.content.decode()
    assert PhaseTemplateStep.objects.filter(lab=lab).count() == 6


def test_the_manager_adds_a_facilitator_by_email_and_removes_them(client, lab, manager):
    person = UserFactory(email="neu@example.org")
    client.force_login(manager)
    response = client.post(reverse("labs:team", args=[lab.slug]), {"email": "NEU@example.org", "role": "facilitator"})
    assert response.status_code == 302
    assert LabMembership.objects.get(user=person).role == "facilitator"
    client.post(reverse("labs:team_remove", args=[lab.slug, person.pk]))
    assert not LabMembership.objects.filter(user=person).exists()


def test_adding_an_unknown_address_to_the_team_is_refused(client, lab, manager):
    client.force_login(manager)
    response = client.post(
        reverse("labs:team", args=[lab.slug]), {"email": "nobody@example.org", "role": "facilitator"}
    )
    assert response.status_code == 200
    assert "Zu dieser E-Mail-Adresse gibt es kein aktives Konto." in response.content.decode()
    assert LabMembership.objects.filter(lab=lab).count() == 1


def test_the_last_manager_cannot_leave(lab, manager):
    with pytest.raises(DomainError, match="mindestens eine Laborleitung"):
        lab_team_remove(lab=lab, user=manager, by=manager)
    assert LabMembership.objects.filter(lab=lab, user=manager).exists()


def test_lab_edit_refuses_an_absurd_founding_year(client, lab, manager):
    client.force_login(manager)
    response = client.post(
        reverse("labs:edit", args=[lab.slug]),
        {"name": "Neu", "city": "Dortmund", "host": lab.host_id, "founded": "1234"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["founded"]
    lab.refresh_from_db()
    assert lab.name == "Home Lab"


def test_lab_edit_saves_and_logs(client, lab, manager):
    client.force_login(manager)
    response = client.post(
        reverse("labs:edit", args=[lab.slug]),
        {
            "name": "KoSI-Lab Home",
            "city": "Dortmund",
            "host": lab.host_id,
            "founded": "2019",
            "website": "lab.example.org",
        },
    )
    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.name == "KoSI-Lab Home"
    assert lab.website == "https://lab.example.org"
    entry = AuditEntry.objects.get(action="labs.lab.updated")
    assert set(entry.data["fields"]) >= {"name", "founded", "website"}


def test_a_lab_created_in_the_admin_gets_the_default_template_and_an_audit_entry(client, admin_user, organisation):
    client.force_login(admin_user)
    response = client.post(
        "/admin/labs/lab/add/",
        {
            "name": "KoSI-Lab Bochum",
            "slug": "bochum",
            "city": "Bochum",
            "host": organisation.pk,
            "is_public": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "phase_steps-TOTAL_FORMS": "0",
            "phase_steps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from kosilab.labs.models import Lab

    lab = Lab.objects.get(slug="bochum")
    assert PhaseTemplateStep.objects.filter(lab=lab).count() == 6
    assert AuditEntry.objects.filter(action="labs.lab.created", lab=lab, actor=admin_user).exists()


def test_the_last_manager_cannot_demote_themselves(client, lab, manager):
    client.force_login(manager)
    response = client.post(reverse("labs:team", args=[lab.slug]), {"email": manager.email, "role": "facilitator"})
    assert response.status_code == 200
    assert "Ein Labor braucht mindestens eine Laborleitung." in response.content.decode()
    assert LabMembership.objects.get(user=manager).role == "manager"


def test_removing_someone_outside_the_team_is_not_found_and_names_nobody(client, lab, manager):
    stranger = UserFactory(name="Stella Stranger", profile={"visibility": "private"})
    client.force_login(manager)
    response = client.post(reverse("labs:team_remove", args=[lab.slug, stranger.pk]), follow=True)
    assert response.status_code == 404
    assert "Stella Stranger" not in response.content.decode()


def test_a_phase_key_that_is_not_a_slug_is_refused(client, lab, manager):
    client.force_login(manager)
    response = client.post(
        reverse("labs:phase_template", args=[lab.slug]),
        _phase_post([{"key": "not a slug <b>", "name": "X", "position": "1"}]),
    )
    assert response.status_code == 200
    assert PhaseTemplateStep.objects.filter(lab=lab).count() == 6
    assert not PhaseTemplateStep.objects.filter(key__contains=" ").exists()
