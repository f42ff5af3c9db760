"""The data download holds every kind of data a person can leave; after the account is deleted a
dump of the whole database (pg_dump on PostgreSQL, iterdump on SQLite) holds neither their name nor
their e-mail address."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kosilab.accounts.models import User
from kosilab.accounts.services import user_delete
from kosilab.accounts.tests.everything import EMAIL, NAME, person_with_everything
from kosilab.cocreation.models import Comment, Idea
from kosilab.core.models import AuditEntry
from kosilab.core.personal_data import DELETED_MARK, declarations
from kosilab.events.models import Feedback, Registration
from kosilab.processes.models import LogEntry

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]},
}


@pytest.mark.django_db
def test_the_download_has_every_declared_kind_of_data(client, lab, manager):
    person = person_with_everything(lab, manager)
    client.force_login(person)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    data = json.loads(response.content)
    exporting = [d.export_key for d in declarations() if d.export is not None]
    assert sorted(data) == sorted(exporting)
    assert [key for key in exporting if not data[key]] == []
    assert data["account"] == data["account"] | {"email": EMAIL, "name": NAME}
    [registration] = [r for r in data["event_registrations"] if r["event"] == "Bench walk"]
    assert registration["answers"] == {"Dietary wishes?": "None"}
    assert [r["feedback"]["comment"] for r in data["event_registrations"] if r["feedback"]] == ["Fun."]


def _dump() -> str:
    """The whole database as SQL text."""
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        command = [shutil.which("pg_dump") or "pg_dump", "--no-owner", "-h", settings["HOST"] or "127.0.0.1"]
        command += ["-p", str(settings["PORT"] or 5432), "-U", settings["USER"] or "postgres", settings["NAME"]]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout  # noqa: S603
    connection.ensure_connection()
    return "\n".join(connection.connection.iterdump())


def _legacy_mail_task(to: str, body: str, status: str) -> None:
    """A mail task as versions before the outbox queued them: recipient and body in the arguments."""
    DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {"to": to, "subject": "Welcome", "body": body, "key": "k" + to}},
        task_path="kosilab.core.mail.send_mail_task",
        queue_name="mail",
        backend_name="default",
        run_after="2026-01-01T00:00:00Z",
        exception_class_path="",
        traceback="",
    )


@pytest.mark.django_db(transaction=True)
def test_after_deletion_a_dump_of_the_database_holds_neither_name_nor_e_mail(lab, manager):
    with override_settings(TASKS=DATABASE_TASKS):
        person = person_with_everything(lab, manager)
        _legacy_mail_task(EMAIL, f"Hello {NAME}, welcome.", TaskResultStatus.SUCCESSFUL)
        _legacy_mail_task(EMAIL, f"Hello {NAME}, your seat.", TaskResultStatus.READY)
        _legacy_mail_task("fabian@example.org", f"{NAME} commented on your idea.", TaskResultStatus.READY)
        before = _dump().lower()
        assert EMAIL in before
        assert NAME.lower() in before

        user_delete(user=person)

        after = _dump().lower()
    assert EMAIL not in after
    assert NAME.lower() not in after
    assert "quastenberg" not in after
    # What the person contributed stays, as from a deleted account.
    assert not User.objects.filter(email=EMAIL).exists()
    assert Idea.objects.filter(title="Benches by the river", author=None).exists()
    assert Comment.objects.filter(text="Yes, trees.", author=None).exists()
    assert LogEntry.objects.filter(text="Counted 40 benches.", author=None).exists()
    assert Feedback.objects.filter(comment="Fun.", registration__user=None).exists()
    assert Registration.objects.filter(event__title="Bench census", attended_at__isnull=False).count() == 1
    # The audit events stay, without the person.
    signed_up = AuditEntry.objects.get(action="accounts.user.signed_up")
    assert (signed_up.actor_id, signed_up.object_repr) == (None, DELETED_MARK)
    assert AuditEntry.objects.filter(action="accounts.user.confirmed_email", actor=None).count() == 1
    # A mail queued for someone else stays, without the person's name.
    [waiting] = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__endswith="send_mail_task")
    assert waiting.args_kwargs["kwargs"]["body"] == f"{DELETED_MARK} commented on your idea."
