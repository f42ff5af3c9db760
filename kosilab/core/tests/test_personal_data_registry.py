"""Every field that refers to a person, or holds a name or an e-mail address, is declared by its app
(kosilab/core/personal_data.py); docs/personal-data.md lists the declarations."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps

from kosilab.core.personal_data import Declaration, Erasure, declarations

NOW = dt.datetime(2027, 3, 10, 9, 0, tzinfo=dt.UTC)

# Models outside the kosilab apps that are checked too: they store people's data.
FRAMEWORK_MODELS = (
    "admin.LogEntry",
    "sessions.Session",
    "django_tasks_database.DBTaskResult",
    "account.EmailAddress",
    "mfa.Authenticator",
    "socialaccount.SocialAccount",
    "usersessions.UserSession",
)

# Models that hold personal data in free-form fields (text, JSON), where no field name tells.
FREE_FORM = ("core.AuditEntry", "admin.LogEntry", "sessions.Session", "django_tasks_database.DBTaskResult")

# Field names that look like a name or an e-mail address of a person.
PERSONAL_NAME = re.compile(
    r"^(name|email|e_mail|first_name|last_name|full_name|phone|to|recipient)$|_(name|email|phone)$"
)

# Fields whose name looks personal but that name no person, and why.
NOT_PERSONAL = {
    "actors.Organisation.name": "an organisation's name",
    "labs.Lab.name": "a lab's name",
    "core.OutboxMail.from_name": "the sender's display name: a lab's name and the platform's",
    "knowledge.LabProfile.name": "the name of a lab in the case-study library or on this platform",
    "labs.PhaseTemplateStep.name": "the name of a phase in a lab's process template",
    "opendata.DumpBuild.file_name": "the name of a file of the open data dump",
    "processes.ProcessPhase.name": "the name of a phase of a process",
    "rooms.Room.name": "a room's name",
    "rooms.Resource.name": "a resource's name (a projector, a pin board)",
    "impact.Indicator.name": "what an indicator measures",
    "planning.Session.template_name": "the name of a session template",
    "results.ResultFile.original_name": "the name of an uploaded file",
    "continuation.Handover.taker_name": "the organisation, administration unit, association or enterprise taking over",
    "django_tasks_database.DBTaskResult.queue_name": "a task queue's name",
    "django_tasks_database.DBTaskResult.backend_name": "a task backend's name",
}


def checked_models() -> list[type[models.Model]]:
    kosilab = [m for m in apps.get_models() if m.__module__.startswith("kosilab.")]
    return kosilab + [apps.get_model(label) for label in FRAMEWORK_MODELS]


def _label(model: Any) -> str:
    return model if isinstance(model, str) else model._meta.label


def refers_to_a_user(field: Any) -> bool:
    return bool(field.is_relation and field.related_model and _label(field.related_model) == settings.AUTH_USER_MODEL)


def personal_fields(model: type[models.Model]) -> list[str]:
    """Fields of ``model`` that refer to a user or look like a person's name or e-mail address."""
    found = []
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # the reverse side of a relation, declared where the relation is
        if refers_to_a_user(field) or isinstance(field, models.EmailField) or PERSONAL_NAME.search(field.name):
            found.append(field.name)
    return found


def undeclared(model_list: list[type[models.Model]], registry: dict[str, Declaration]) -> list[str]:
    missing = []
    for model in model_list:
        label = model._meta.label
        declared = set(registry[label].fields) if label in registry else set()
        for name in personal_fields(model):
            if name not in declared and f"{label}.{name}" not in NOT_PERSONAL:
                missing.append(f"{label}.{name}")
    return missing


def registry() -> dict[str, Declaration]:
    return {d.model: d for d in declarations()}


def test_every_personal_field_is_declared():
    assert undeclared(checked_models(), registry()) == []


def test_models_with_free_form_personal_data_are_declared():
    assert set(FREE_FORM) <= set(registry())


@isolate_apps("kosilab.core")
def test_a_new_reference_to_a_user_without_a_declaration_fails_the_check():
    class Bookmark(models.Model):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        contact_email = models.CharField(max_length=100)
        title = models.CharField(max_length=100)

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return self.title

    assert undeclared([Bookmark], registry()) == ["core.Bookmark.owner", "core.Bookmark.contact_email"]


def test_the_allowlist_names_only_fields_that_exist():
    for entry in NOT_PERSONAL:
        label, _, name = entry.rpartition(".")
        apps.get_model(label)._meta.get_field(name)


def test_declarations_name_existing_fields_and_agree_with_the_foreign_keys():
    for declaration in declarations():
        model = apps.get_model(declaration.model)
        for name in declaration.fields:
            field = model._meta.get_field(name)
            if not refers_to_a_user(field) or field.many_to_many or declaration.erase is not None:
                continue
            on_delete = field.remote_field.on_delete
            if declaration.erasure == Erasure.DELETED:
                assert on_delete is models.CASCADE, f"{declaration.model}.{name} is not deleted with the account"
            else:
                assert on_delete is models.SET_NULL, f"{declaration.model}.{name} is not kept without the account"


def test_export_keys_are_unique_and_each_declaration_says_what_it_holds():
    keys = [d.export_key for d in declarations() if d.export is not None]
    assert len(keys) == len(set(keys))
    assert all(d.what for d in declarations())


def test_the_documentation_lists_every_declaration():
    text = (Path(settings.BASE_DIR) / "docs" / "personal-data.md").read_text(encoding="utf-8")
    for declaration in declarations():
        assert f"`{declaration.model}`" in text, declaration.model
        for name in declaration.fields:
            assert f"`{name}`" in text, f"{declaration.model}.{name}"
        if declaration.export_key:
            assert f"`{declaration.export_key}`" in text, declaration.export_key


@pytest.mark.django_db
def test_housekeeping_deletes_task_results_a_week_after_they_finished():
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    def result(status: str, finished_days_ago: int | None) -> DBTaskResult:
        finished = None if finished_days_ago is None else NOW - dt.timedelta(days=finished_days_ago)
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {"outbox_id": 1}},
            task_path="kosilab.core.mail.send_mail_task",
            queue_name="mail",
            backend_name="default",
            run_after=NOW,
            finished_at=finished,
            exception_class_path="",
            traceback="",
        )

    old = result(TaskResultStatus.SUCCESSFUL, 8)
    failed = result(TaskResultStatus.FAILED, 8)
    recent = result(TaskResultStatus.SUCCESSFUL, 6)
    waiting = result(TaskResultStatus.READY, None)
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("tasks_housekeeping", stdout=out)
    assert "2 finished task results deleted" in out.getvalue()
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not DBTaskResult.objects.filter(pk__in=[old.pk, failed.pk]).exists()
