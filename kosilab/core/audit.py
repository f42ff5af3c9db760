"""Writing the audit log. Every service function calls :func:`log_action` once per write."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import models

from kosilab.core.models import AuditEntry
from kosilab.core.types import AccountOrAnonymous


def log_action(
    action: str,
    *,
    actor: AccountOrAnonymous | None,
    target: models.Model | None = None,
    lab: models.Model | int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record a domain event. The lab is taken from ``lab`` (object or id) or from the target.
    An anonymous visitor (or no actor: the system) is recorded as nobody."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    if lab is None and target is not None:
        lab = target.pk if target._meta.label_lower == "labs.lab" else getattr(target, "lab_id", None)
    entry = AuditEntry(actor_id=actor_id, action=action, lab_id=getattr(lab, "pk", lab), data=data or {})
    if target is not None:
        entry.object_type = target._meta.label_lower
        entry.object_id = str(target.pk)
        entry.object_repr = str(target)[:200]
    entry.save()
    return entry


def log_backdate(*, target: models.Model, actions: Sequence[str], moments: Sequence[datetime.datetime]) -> int:
    """Give the entries of ``actions`` on ``target``, oldest first, the ``moments`` instead of when they were
    written (for demo data that tells a story of months; a moment each, no more). Returns how many moved."""
    entries = AuditEntry.objects.filter(
        action__in=list(actions), object_type=target._meta.label_lower, object_id=str(target.pk)
    ).order_by("created_at", "pk")
    moved = 0
    for entry, moment in zip(list(entries), moments, strict=True):
        moved += AuditEntry.objects.filter(pk=entry.pk).update(created_at=moment)
    return moved
