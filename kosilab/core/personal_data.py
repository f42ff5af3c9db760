"""What the platform stores about a person, declared per model by the app that owns it.

Every app has a ``personal_data.py`` beside its ``models.py`` that calls :func:`declare` once per
model holding data about a person: which fields refer to the person or hold personal data, how
they appear in the person's data download (``export``) and what happens to them when the account
is deleted (``erasure``, with an ``erase`` function where deleting the account row alone is not
enough). The modules are collected automatically (:func:`declarations` imports every app's
``personal_data`` module once); the data download (``accounts.services.user_export``) and the
account deletion (``accounts.services.user_delete``) go through the declarations, so a model that
is declared is exported and erased without anyone editing the accounts app.

``core/tests/test_personal_data_registry.py`` fails when a field that refers to a user, or whose
name says it holds a name or an e-mail address, belongs to no declaration; docs/personal-data.md
is checked against the declarations.

This module also declares what core and the framework store: the audit log, Django's admin log,
login sessions and the task queue's results. core imports no domain app.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.module_loading import autodiscover_modules

from kosilab.core.types import Account

# What a removed name or e-mail address is replaced with in logs that stay.
DELETED_MARK = "[deleted account]"


class Erasure(models.TextChoices):
    """What happens to a declared model's rows about a person when their account is deleted."""

    DELETED = "deleted", "deleted"
    ANONYMISED = "anonymised", "kept without name, e-mail address and account"
    KEPT = "kept", "kept, shown as from a deleted account (free text unchanged)"


@dataclass(frozen=True)
class Declaration:
    """One model's personal data. ``model`` is the label ("app_label.ModelName").

    ``export`` and ``erase`` take the user model (``kosilab.accounts.types.User``), which core
    cannot name: hence ``Any`` in their parameter."""

    model: str
    fields: tuple[str, ...]
    erasure: Erasure
    what: str
    export_key: str = ""
    export: Callable[[Any], Any] | None = None
    not_exported: str = ""
    erase: Callable[[Any], Any] | None = None
    order: int = 100

    @property
    def app_label(self) -> str:
        return self.model.partition(".")[0]


_registry: dict[str, Declaration] = {}
_discovered = False


def declare(
    model: str,
    *,
    fields: Iterable[str],
    erasure: Erasure,
    what: str,
    export_key: str = "",
    export: Callable[[Any], Any] | None = None,
    not_exported: str = "",
    erase: Callable[[Any], Any] | None = None,
    order: int = 100,
) -> Declaration:
    """Declare what ``model`` stores about a person. Either ``export`` (with ``export_key``, the key
    in the download) or ``not_exported`` (why not) is required. ``erase(user)`` runs before the
    account row is deleted, in ``order``; without it the foreign keys' ``on_delete`` does the work
    (CASCADE for ``DELETED``, SET_NULL for ``KEPT``)."""
    if (export is None) == (not not_exported):
        raise ValueError(f"{model}: give either export (with export_key) or not_exported.")
    if export is not None and not export_key:
        raise ValueError(f"{model}: an export needs an export_key.")
    if model in _registry:
        raise ValueError(f"{model} is declared twice.")
    declaration = Declaration(
        model=model,
        fields=tuple(fields),
        erasure=erasure,
        what=what,
        export_key=export_key,
        export=export,
        not_exported=not_exported,
        erase=erase,
        order=order,
    )
    _registry[model] = declaration
    return declaration


def declarations() -> list[Declaration]:
    """Every declaration of every installed app, in erasure order."""
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True
    return sorted(_registry.values(), key=lambda d: (d.order, d.model))


def export_person(user: Account) -> dict[str, Any]:
    """The person's data download: one key per declaration that exports."""
    return {d.export_key: d.export(user) for d in declarations() if d.export is not None}


def erase_person(user: Account) -> None:
    """Run every declaration's erasure for ``user``, before the account row itself is deleted."""
    for declaration in declarations():
        if declaration.erase is not None:
            declaration.erase(user)


def iso(value: Any) -> str | None:
    """A date or time for the download."""
    return value.isoformat() if value is not None else None


# --- Removing a name and an e-mail address from text that stays --------------------------------


def _needles(user: Account, *, html: bool = False) -> list[str]:
    needles = [s for s in (user.email, user.name.strip()) if s]
    # In HTML the templates wrote "O&#x27;Brien" for "O'Brien": look for that spelling too.
    return needles + [escape(n) for n in needles if escape(n) != n] if html else needles


def _pattern(needles: list[str]) -> re.Pattern[str]:
    # A name only as a whole word ("Li" not in "Linden"); the longest first.
    parts = [rf"(?<!\w){re.escape(n)}(?!\w)" for n in sorted(needles, key=len, reverse=True)]
    return re.compile("|".join(parts), re.IGNORECASE)


def scrub_text(text: str, user: Account, *, html: bool = False) -> str:
    """``text`` with the person's e-mail address and name replaced by :data:`DELETED_MARK`
    (``html``: also as HTML-escaped by the templates)."""
    needles = _needles(user, html=html)
    return _pattern(needles).sub(DELETED_MARK, text) if needles and text else text


def scrub_json(value: Any, user: Account) -> Any:
    """``value`` (JSON data) with the person's e-mail address and name replaced in every string."""
    if isinstance(value, str):
        return scrub_text(value, user)
    if isinstance(value, list):
        return [scrub_json(v, user) for v in value]
    if isinstance(value, dict):
        return {scrub_text(k, user): scrub_json(v, user) for k, v in value.items()}
    return value


def mentions(fields: Iterable[str], user: Account, *, json_fields: Iterable[str] = (), html: bool = False) -> Q:
    """Rows whose text ``fields`` or JSON ``json_fields`` may contain the person's name or e-mail
    (a superset: :func:`scrub_text` decides by whole words; ``html``: the fields hold HTML)."""
    query = Q(pk__in=[])
    for needle in _needles(user, html=html):
        for field in fields:
            query |= Q(**{f"{field}__icontains": needle})
        # JSON as stored: ASCII-escaped (SQLite) or as is (PostgreSQL).
        for variant in {needle, json.dumps(needle)[1:-1]}:
            for field in json_fields:
                query |= Q(**{f"{field}__icontains": variant})
    return query


# --- What core and the framework store ------------------------------------------------------------


def _export_audit(user: Account) -> list[dict[str, Any]]:
    from kosilab.core.models import AuditEntry

    return [
        {"at": iso(e.created_at), "action": e.action, "object": e.object_repr}
        for e in AuditEntry.objects.filter(actor_id=user.pk).order_by("created_at", "pk")
    ]


def _erase_audit(user: Account) -> None:
    """Events stay (the statistics count them); the person's name and address leave them. The
    actor becomes empty when the account row goes (SET_NULL), shown as a deleted account."""
    from kosilab.core.models import AuditEntry

    AuditEntry.objects.filter(object_type=get_user_model()._meta.label_lower, object_id=str(user.pk)).update(
        object_repr=DELETED_MARK
    )
    for entry in AuditEntry.objects.filter(mentions(["object_repr"], user, json_fields=["data"])):
        entry.object_repr = scrub_text(entry.object_repr, user)
        entry.data = scrub_json(entry.data, user)
        entry.save(update_fields=["object_repr", "data"])


def _export_admin_log(user: Account) -> list[dict[str, Any]]:
    from django.contrib.admin.models import LogEntry

    return [
        {"at": iso(e.action_time), "object": e.object_repr, "change": e.get_change_message()}
        for e in LogEntry.objects.filter(user_id=user.pk).order_by("action_time", "pk")
    ]


def _erase_admin_log(user: Account) -> None:
    from django.contrib.admin.models import LogEntry

    for entry in LogEntry.objects.filter(mentions(["object_repr", "change_message"], user)):
        entry.object_repr = scrub_text(entry.object_repr, user)
        entry.change_message = scrub_text(entry.change_message, user)
        entry.save(update_fields=["object_repr", "change_message"])


def _erase_sessions(user: Account) -> None:
    from importlib import import_module

    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore  # also out of the cache, if one keeps them
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store(session.session_key).delete()


def _erase_task_results(user: Account) -> None:
    """Mails queued before the outbox carried recipient and body in the task's arguments: results
    of tasks that mention the person go; unfinished ones addressed to others keep their mail, with
    the name taken out."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    unfinished = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    rows = DBTaskResult.objects.filter(mentions([], user, json_fields=["args_kwargs", "return_value"]))
    for row in rows:
        if row.status not in unfinished or user.email.lower() in json.dumps(row.args_kwargs).lower():
            row.delete()
        else:
            row.args_kwargs = scrub_json(row.args_kwargs, user)
            row.save(update_fields=["args_kwargs"])


def _erase_outbox(user: Account) -> None:
    """Mails to the person go, sent or not; mails to others keep their text with the person's name
    and address taken out."""
    from kosilab.core.models import OutboxMail

    OutboxMail.objects.filter(to__iexact=user.email).delete()
    for mail in OutboxMail.objects.filter(mentions(["subject", "body"], user) | mentions(["html"], user, html=True)):
        mail.subject = scrub_text(mail.subject, user)
        mail.body = scrub_text(mail.body, user)
        mail.html = scrub_text(mail.html, user, html=True)
        mail.save(update_fields=["subject", "body", "html"])


def _erase_mail_optouts(user: Account) -> None:
    from kosilab.core.models import MailOptOut

    MailOptOut.objects.filter(address=user.email.strip().lower()).delete()


def _export_mail_optouts(user: Account) -> list[dict[str, Any]]:
    from kosilab.core.models import MailOptOut

    rows = MailOptOut.objects.filter(address=user.email.strip().lower()).order_by("kind")
    return [{"kind": row.kind, "since": row.created_at.isoformat()} for row in rows]


# Finished task results are deleted this long after they finished (``tasks_housekeeping``).
TASK_RESULT_KEEP = timedelta(days=7)


def task_results_thin_out(*, now: Any = None, keep: timedelta = TASK_RESULT_KEEP) -> int:
    """Delete results of tasks that finished (succeeded or failed) longer than ``keep`` ago."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    deleted, _ = DBTaskResult.objects.filter(finished_at__lt=now - keep).delete()
    return deleted


def _declare_core() -> None:
    declare(
        "core.AuditEntry",
        fields=["actor", "object_repr", "data"],
        erasure=Erasure.ANONYMISED,
        what="The audit log: who did what, when. The entry stays; the person's name and e-mail "
        "address are replaced in its text and data, and 'who' becomes a deleted account.",
        export_key="audit_log",
        export=_export_audit,
        erase=_erase_audit,
        order=900,  # after every other erasure, which may log
    )
    declare(
        "admin.LogEntry",
        fields=["user", "object_repr", "change_message"],
        erasure=Erasure.DELETED,
        what="Changes made in the admin. Those the person made are deleted with the account; in "
        "others, the person's name and e-mail address are replaced.",
        export_key="admin_changes",
        export=_export_admin_log,
        erase=_erase_admin_log,
        order=900,
    )
    declare(
        "sessions.Session",
        fields=["session_data"],
        erasure=Erasure.DELETED,
        what="Log-in sessions; they hold the account's number, nothing else about the person.",
        not_exported="a session holds only the account's number and the language",
        erase=_erase_sessions,
    )
    declare(
        "core.OutboxMail",
        fields=["to", "subject", "body", "html"],
        erasure=Erasure.DELETED,
        what="Mails to send and sent (recipient, subject, text and HTML). Texts of sent mails are cleared after "
        "a few days and rows deleted after a month (mail_outbox); the person's own mails are deleted "
        "with the account, and their name and address are taken out of mails to others.",
        not_exported="a mail is a copy of what the person was sent; kept only until it is sent and for a month",
        erase=_erase_outbox,
        order=900,
    )
    declare(
        "core.MailOptOut",
        fields=["address"],
        erasure=Erasure.DELETED,
        what="Kinds of optional mail (event reminders, follow-up reminders, sustainability warnings) "
        "an address stopped with the link in such a mail; deleted with the account.",
        export_key="stopped_mails",
        export=_export_mail_optouts,
        erase=_erase_mail_optouts,
    )
    declare(
        "django_tasks_database.DBTaskResult",
        fields=["args_kwargs", "return_value"],
        erasure=Erasure.DELETED,
        what="Results of background tasks. Mails queued by older versions carried recipient and "
        "body; results finished more than 7 days ago are deleted by tasks_housekeeping, and those "
        "that mention the person are deleted with the account.",
        not_exported="kept for at most 7 days after the task finished, only to run and retry it",
        erase=_erase_task_results,
        order=900,
    )


_declare_core()
