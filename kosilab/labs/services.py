"""Writes for labs: the lab itself, its team and its phase template."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kosilab.accounts.types import User, Viewer
from kosilab.core.audit import log_action
from kosilab.core.content_languages import translation_field_names
from kosilab.core.errors import DomainError
from kosilab.core.roles import forget_roles
from kosilab.labs.models import DEFAULT_PHASES, Lab, LabMembership, LabRole, PhaseTemplateStep

LAB_FIELDS = (
    "name", "slug", "city", "host", "focus", "description", "founded", "contact_name",
    "contact_email", "contact_phone", "address", "latitude", "longitude", "website", "is_public",
    "require_two_factor", *translation_field_names(Lab),  # focus_en, description_en, …
)  # fmt: skip


def lab_create(*, by: Viewer | None, **values: Any) -> Lab:
    lab = Lab(**{k: v for k, v in values.items() if k in LAB_FIELDS})
    lab.full_clean()
    with transaction.atomic():
        lab.save()
        lab_set_up(lab=lab, by=by)
    return lab


def lab_set_up(*, lab: Lab, by: Viewer | None) -> None:
    """What every new lab gets: the default phase template and its audit entry.

    Called by :func:`lab_create` and by the admin, which saves the lab itself.
    """
    if not PhaseTemplateStep.objects.filter(lab=lab).exists():
        PhaseTemplateStep.objects.bulk_create(
            PhaseTemplateStep(lab=lab, position=i, key=key) for i, (key, _label) in enumerate(DEFAULT_PHASES, 1)
        )
    log_action("labs.lab.created", actor=by, target=lab, lab=lab)


def lab_update(*, lab: Lab, by: Viewer | None, **values: Any) -> Lab:
    changed = [f for f in LAB_FIELDS if f in values and getattr(lab, f) != values[f]]
    for field in changed:
        setattr(lab, field, values[field])
    lab.full_clean()
    with transaction.atomic():
        lab.save()
        log_action("labs.lab.updated", actor=by, target=lab, lab=lab, data={"fields": changed})
    return lab


def _lock_team(lab: Lab) -> None:
    """Serialise changes to one lab's team: the lab row is the lock (PostgreSQL row lock;
    SQLite serialises all writers anyway)."""
    Lab.objects.select_for_update().filter(pk=lab.pk).order_by().values_list("pk", flat=True).get()


def _refuse_losing_the_last_manager(lab: Lab, leaving: User) -> None:
    others = LabMembership.objects.filter(lab=lab, role=LabRole.MANAGER).exclude(user=leaving)
    if not others.exists():
        raise DomainError(_("A lab needs at least one lab manager. Name another one first."))


def lab_team_set(*, lab: Lab, user: User, role: str, by: Viewer | None) -> LabMembership:
    """Add a person to the lab team, or change their role."""
    if role not in LabRole.values:
        raise DomainError(_("Choose a valid role."), field="role")
    with transaction.atomic():
        _lock_team(lab)
        current = LabMembership.objects.filter(lab=lab, user=user).values_list("role", flat=True).first()
        if current == LabRole.MANAGER and role != LabRole.MANAGER:
            _refuse_losing_the_last_manager(lab, user)
        membership, created = LabMembership.objects.update_or_create(lab=lab, user=user, defaults={"role": role})
        log_action(
            "labs.team.added" if created else "labs.team.role_changed",
            actor=by,
            target=membership,
            lab=lab,
            data={"user": user.pk, "role": role},
        )
    forget_roles(user)
    return membership


def lab_team_remove(*, lab: Lab, user: User, by: Viewer | None) -> bool:
    """Take a person out of the lab team. False if they were not in it."""
    with transaction.atomic():
        _lock_team(lab)
        membership = LabMembership.objects.filter(lab=lab, user=user).first()
        if membership is None:
            return False
        if membership.role == LabRole.MANAGER:
            _refuse_losing_the_last_manager(lab, user)
        membership.delete()
        log_action("labs.team.removed", actor=by, target=lab, lab=lab, data={"user": user.pk})
    forget_roles(user)
    return True


def phase_template_update(*, lab: Lab, steps: list[dict[str, str]], by: Viewer | None) -> list[PhaseTemplateStep]:
    """Replace the lab's phase template. ``steps`` in order: dicts with key, name, description.

    Running processes keep the phases they were started with.
    """
    cleaned = [s for s in steps if (s.get("key") or s.get("name", "")).strip()]
    if not cleaned:
        raise DomainError(_("A phase template needs at least one phase."))
    if len(cleaned) > 20:
        raise DomainError(_("A phase template can have at most 20 phases."))
    keys: list[str] = []
    for step in cleaned:
        key = (step.get("key") or slugify(step.get("name", ""))[:40]).strip() or f"phase-{len(keys) + 1}"
        if not re.fullmatch(r"[-a-zA-Z0-9_]{1,40}", key):
            raise DomainError(_("A phase has an invalid key."))
        if len(step.get("description", "")) > 1000:
            raise DomainError(_("A phase description can have at most 1000 characters."))
        if key in keys:
            raise DomainError(_("Two phases have the same name. Give each phase its own name."))
        keys.append(key)
    with transaction.atomic():
        PhaseTemplateStep.objects.filter(lab=lab).delete()
        created = PhaseTemplateStep.objects.bulk_create(
            PhaseTemplateStep(
                lab=lab,
                position=i,
                key=key,
                name=step.get("name", "").strip()[:100],
                description=step.get("description", "").strip(),
            )
            for i, (key, step) in enumerate(zip(keys, cleaned, strict=True), 1)
        )
        log_action("labs.phase_template.updated", actor=by, target=lab, lab=lab, data={"keys": keys})
    return created
