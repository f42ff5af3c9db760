import json
import re

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

    # Deleting asks for the password again first (allauth's reauthentication), even just after log-in.
    asked = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    assert User.objects.filter(pk=person.pk).exists()
    wrong = client.post("/accounts/reauthenticate/", {"password": "not-my-password"})
    assert wrong.status_code == 200
    assert client.post(reverse("accounts:delete"), {"confirm": "on"})["Location"].startswith(
        "/accounts/reauthenticate/"
    )
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    unticked = client.post(reverse("accounts:delete"), {})
    assert unticked.status_code == 200
    assert "Kreuzen Sie das Feld an" in unticked.content.decode()
    assert User.objects.filter(pk=person.pk).exists()

    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
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
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 200
    assert "Sie sind die einzige Laborleitung von Home Lab." in response.content.decode()
    assert User.objects.filter(pk=manager.pk).exists()


def test_an_account_without_a_password_confirms_the_deletion_with_a_code_by_mail(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Accounts made by single sign-on have no password: allauth sends a code to their address."""
    person = UserFactory(email="sso@example.org")
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    assert client.get(reverse("accounts:delete"))["Location"].startswith("/accounts/reauthenticate/")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the transaction
        response = client.post("/accounts/reauthenticate/code/", {"recipient": person.email})
    assert response.status_code == 302
    [message] = [m for m in mailoutbox if m.to == [person.email]]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE)
    assert code, message.body
    client.post("/accounts/reauthenticate/code/confirm/", {"code": code.group(1)})
    assert client.post(reverse("accounts:delete"), {"confirm": "on"}).status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
