import json

import pytest
from django.urls import reverse

from kosilab.accounts.models import User
from kosilab.challenges.models import Participation
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import PASSWORD, ProcessFactory, UserFactory
from kosilab.processes.models import LogEntry
from kosilab.processes.services import log_add, member_add

pytestmark = pytest.mark.django_db


def test_a_person_downloads_their_own_data(client, lab, manager, open_challenge):
    person = UserFactory(name="Dora Daten", profile={"sector": "science", "skills": "Statistik, Moderation"})
    Participation.objects.create(challenge=open_challenge, user=person, kind="joined", message="Ich helfe gern.")
    process = ProcessFactory(lab=lab)
    member_add(process=process, user=person, role="expert", by=manager)
    log_add(process=process, by=person, text="Umfrage ausgewertet.")
    client.force_login(person)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kosilab-my-data.json"'
    assert response["Cache-Control"] == "no-store, private"
    data = json.loads(response.content)
    assert data["account"]["email"] == person.email
    assert data["profile"]["skills"] == ["Statistik", "Moderation"]
    assert data["challenges"][0]["message"] == "Ich helfe gern."
    assert data["process_teams"][0]["role"] == "expert"
    assert data["process_log_entries"][0]["text"] == "Umfrage ausgewertet."
    # Nobody else's data is in it.
    assert manager.email not in response.content.decode()


def test_the_export_needs_a_log_in(client):
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_deleting_an_account_keeps_what_the_person_wrote_as_from_a_deleted_account(
    client, lab, manager, open_challenge
):
    person = UserFactory(profile={"sector": "business"})
    Participation.objects.create(challenge=open_challenge, user=person, kind="joined")
    process = ProcessFactory(lab=lab)
    member_add(process=process, user=person, role="co_creator", by=manager)
    log_add(process=process, by=person, text="Prototyp gebaut.")
    client.force_login(person)

    wrong = client.post(reverse("accounts:delete"), {"password": "not-my-password"})
    assert wrong.status_code == 200
    assert "Das Passwort ist nicht korrekt." in wrong.content.decode()
    assert User.objects.filter(pk=person.pk).exists()

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert not Participation.objects.exists()
    assert process.members.count() == 0
    entry = LogEntry.objects.get(process=process)
    assert entry.author is None
    client.force_login(manager)
    assert "ein gelöschtes Konto: Prototyp gebaut." in client.get(process.get_absolute_url()).content.decode()
    deleted = AuditEntry.objects.get(action="accounts.user.deleted")
    assert deleted.data == {"user_id": person.pk}
    assert deleted.actor is None


def test_the_only_lab_manager_cannot_delete_the_account(client, lab, manager):
    client.force_login(manager)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert "Sie sind die einzige Laborleitung von Home Lab." in response.content.decode()
    assert User.objects.filter(pk=manager.pk).exists()
