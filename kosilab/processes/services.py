"""Writes for lab processes: start, team, phases, milestones, log."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kosilab.accounts.types import User, Viewer, account
from kosilab.actors.models import Organisation
from kosilab.challenges.models import Challenge
from kosilab.challenges.services import challenge_mark_in_progress
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.roles import forget_roles
from kosilab.core.sectors import Sector
from kosilab.labs.models import Lab, PhaseTemplateStep
from kosilab.processes.models import (
    LogEntry,
    MemberRole,
    Milestone,
    PhaseTransition,
    Process,
    ProcessMember,
    ProcessPhase,
    ProcessStatus,
)

PROCESS_FIELDS = ("title", "summary", "visibility", "status", "started_on")


def process_start(
    *,
    lab: Lab,
    by: Viewer | None,
    title: str,
    challenge: Challenge | None = None,
    summary: str = "",
    visibility: str = "public",
    started_on: datetime.date | None = None,
) -> Process:
    """Start a lab process, with the phases of the lab's current template, in its first phase."""
    if challenge is not None and challenge.lab_id != lab.pk:
        raise DomainError(_("The challenge belongs to another lab."), field="challenge")
    steps = list(PhaseTemplateStep.objects.filter(lab=lab).order_by("position"))
    if not steps:
        raise DomainError(_("The lab's phase template is empty. Add phases to it first."))
    process = Process(
        lab=lab,
        challenge=challenge,
        title=title.strip(),
        summary=summary.strip(),
        visibility=visibility,
        started_on=started_on or timezone.localdate(),
    )
    process.full_clean(exclude=["challenge"])
    now = timezone.now()
    try:
        with transaction.atomic():
            if challenge is not None:
                locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
                if Process.objects.filter(challenge=locked).exists():
                    raise DomainError(_("A process has already been started for this challenge."))
            process.save()
            phases = ProcessPhase.objects.bulk_create(
                ProcessPhase(
                    process=process, position=s.position, key=s.key, name=s.name, started_at=now if i == 0 else None
                )
                for i, s in enumerate(steps)
            )
            first = phases[0]
            process.current_phase = first
            process.save(update_fields=["current_phase"])
            PhaseTransition.objects.create(process=process, from_phase=None, to_phase=first, by=account(by), reason="")
            if challenge is not None:
                challenge_mark_in_progress(challenge=challenge, by=by, because="process started")
            log_action("processes.process.started", actor=by, target=process, lab=lab)
    except IntegrityError:
        raise DomainError(_("A process has already been started for this challenge.")) from None
    return process


def process_update(*, process: Process, by: Viewer | None, **values: Any) -> Process:
    changed = [f for f in PROCESS_FIELDS if f in values and getattr(process, f) != values[f]]
    for field in changed:
        setattr(process, field, values[field])
    process.full_clean()
    with transaction.atomic():
        process.save()
        log_action("processes.process.updated", actor=by, target=process, data={"fields": changed})
    return process


def phase_advance(
    *, process: Process, by: Viewer | None, reason: str, expected_phase_id: int | None = None
) -> ProcessPhase:
    """Move the process to its next phase; recorded with who, when and why.

    ``expected_phase_id`` is the phase the person saw: if somebody else moved on in the
    meantime, the move is refused instead of skipping a phase.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the process moves on."), field="reason")
    with transaction.atomic():
        locked = Process.objects.select_for_update().get(pk=process.pk)
        if locked.status != ProcessStatus.RUNNING:
            raise DomainError(_("Only a running process can move to the next phase."))
        if expected_phase_id is not None and locked.current_phase_id != expected_phase_id:
            raise DomainError(_("Somebody else has just changed the phase. Please look again and retry."))
        current = ProcessPhase.objects.filter(pk=locked.current_phase_id).first() if locked.current_phase_id else None
        position = current.position if current else 0
        following = ProcessPhase.objects.filter(process=locked, position__gt=position).order_by("position").first()
        if following is None:
            raise DomainError(_("The process is already in its last phase."))
        now = timezone.now()
        if current is not None:
            current.ended_at = now
            current.save(update_fields=["ended_at"])
        following.started_at = now
        following.save(update_fields=["started_at"])
        locked.current_phase = following
        locked.save(update_fields=["current_phase", "updated_at"])
        PhaseTransition.objects.create(
            process=locked, from_phase=current, to_phase=following, by=account(by), reason=reason
        )
        log_action(
            "processes.phase.advanced",
            actor=by,
            target=locked,
            data={"from": current.key if current else None, "to": following.key, "reason": reason},
        )
    process.current_phase = following
    return following


def member_add(
    *,
    process: Process,
    user: User,
    role: str,
    by: Viewer | None,
    sector: str = "",
    organisation: Organisation | None = None,
) -> ProcessMember:
    """Add a person to the process team. The sector defaults to the one in the person's profile."""
    profile = getattr(user, "profile", None)
    if organisation is None and profile is not None:
        organisation = profile.organisation
    sector = sector or (organisation.sector if organisation else "") or (profile.sector if profile else "")
    if sector not in Sector.values:
        raise DomainError(_("Say which sector this person brings to the table."), field="sector")
    if role not in MemberRole.values:
        raise DomainError(_("Choose a valid role."), field="role")
    try:
        with transaction.atomic():
            member, created = ProcessMember.objects.update_or_create(
                process=process, user=user, defaults={"role": role, "sector": sector, "organisation": organisation}
            )
            log_action(
                "processes.member.added" if created else "processes.member.changed",
                actor=by,
                target=process,
                data={"user": user.pk, "role": role, "sector": sector},
            )
    except IntegrityError:
        member = ProcessMember.objects.get(process=process, user=user)
    forget_roles(user)
    return member


def member_remove(*, process: Process, member: ProcessMember, by: Viewer | None) -> None:
    if member.process_id != process.pk:
        raise DomainError(_("This person is not in the team."))
    with transaction.atomic():
        member.delete()
        log_action("processes.member.removed", actor=by, target=process, data={"user": member.user_id})
    forget_roles(member.user)


def milestone_add(
    *, process: Process, by: Viewer | None, title: str, due_on: datetime.date, phase: ProcessPhase | None = None
) -> Milestone:
    if phase is not None and phase.process_id != process.pk:
        raise DomainError(_("Choose a phase of this process."), field="phase")
    milestone = Milestone(process=process, title=title.strip(), due_on=due_on, phase=phase)
    milestone.full_clean()
    with transaction.atomic():
        milestone.save()
        log_action("processes.milestone.added", actor=by, target=milestone, lab=process.lab_id)
    return milestone


def milestone_toggle_done(*, milestone: Milestone, by: Viewer | None) -> Milestone:
    milestone.done_on = None if milestone.done_on else timezone.localdate()
    with transaction.atomic():
        milestone.save(update_fields=["done_on", "updated_at"])
        action = "processes.milestone.done" if milestone.done_on else "processes.milestone.reopened"
        log_action(action, actor=by, target=milestone, lab=milestone.process.lab_id)
    return milestone


def log_add(*, process: Process, by: Viewer | None, text: str) -> LogEntry:
    text = text.strip()
    if not text:
        raise DomainError(_("Write what happened."), field="text")
    entry = LogEntry(process=process, author=account(by), text=text)
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        log_action("processes.log.added", actor=by, target=process)
    return entry
