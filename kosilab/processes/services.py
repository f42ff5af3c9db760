"""Writes for lab processes: start, team, phases, milestones, log."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kosilab.accounts.types import User, Viewer, account
from kosilab.actors.models import Organisation
from kosilab.challenges.models import Challenge
from kosilab.challenges.services import challenge_mark_in_progress
from kosilab.core.audit import log_action
from kosilab.core.content_languages import translation_field_names
from kosilab.core.errors import DomainError
from kosilab.core.mail import send_templated_mail, site_url
from kosilab.core.roles import forget_roles
from kosilab.core.sectors import Sector
from kosilab.labs.models import Lab, PhaseTemplateStep
from kosilab.processes.models import (
    LogEntry,
    MemberRole,
    Milestone,
    PhaseTransition,
    Process,
    ProcessInvitation,
    ProcessMember,
    ProcessPhase,
    ProcessStatus,
    invitation_token_hash,
)

# The translations of title and summary (``title_en``…) are written like the fields themselves.
PROCESS_TRANSLATIONS = translation_field_names(Process)
PROCESS_FIELDS = ("title", "summary", "visibility", "status", "started_on", *PROCESS_TRANSLATIONS)
# How long an invitation into a process team stays valid.
INVITATION_VALIDITY = datetime.timedelta(days=14)


def process_start(
    *,
    lab: Lab,
    by: Viewer | None,
    title: str,
    challenge: Challenge | None = None,
    summary: str = "",
    visibility: str = "public",
    started_on: datetime.date | None = None,
    **translations: str | None,
) -> Process:
    """Start a lab process, with the phases of the lab's current template, in its first phase.

    ``translations`` are the title and summary in further languages (``title_en="…"``); an empty
    one is left out."""
    unknown = sorted(set(translations) - set(PROCESS_TRANSLATIONS))
    if unknown:
        raise TypeError(f"process_start() got unexpected keyword arguments: {', '.join(unknown)}")
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
    for name, text in translations.items():
        setattr(process, name, (text or "").strip() or None)
    process.full_clean(exclude=["challenge"])
    now = timezone.now()
    starter = account(by)
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
            if starter is not None:
                _lead_from_the_start(process=process, user=starter)
            if challenge is not None:
                challenge_mark_in_progress(challenge=challenge, by=by, because="process started")
            log_action("processes.process.started", actor=by, target=process, lab=lab)
    except IntegrityError:
        raise DomainError(_("A process has already been started for this challenge.")) from None
    if starter is not None:
        forget_roles(starter)
    return process


def _lead_from_the_start(*, process: Process, user: User) -> ProcessMember:
    """The person who starts a process leads it: in its team as process lead from the start, with
    the sector of their profile (or organisation), else the sector of the lab's host organisation."""
    profile = getattr(user, "profile", None)
    organisation = profile.organisation if profile is not None else None
    sector = (organisation.sector if organisation else "") or (profile.sector if profile else "")
    if sector not in Sector.values:
        sector = process.lab.host.sector if process.lab.host.sector in Sector.values else Sector.PUBLIC
    member = ProcessMember.objects.create(
        process=process, user=user, role=MemberRole.LEAD, sector=sector, organisation=organisation
    )
    log_action(
        "processes.member.added",
        actor=user,
        target=process,
        data={"user": user.pk, "role": member.role, "sector": sector},
    )
    return member


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
    """Add a person to the process team. The sector defaults to the one in the person's profile.

    Never changes the role of someone already in the team: adding them again with the same role
    changes nothing, with another role it is refused with a message that names the current role
    (a role change is its own action, :func:`member_role_change`).
    """
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
            existing = ProcessMember.objects.select_for_update().filter(process=process, user=user).first()
            if existing is not None:
                _refuse_other_role(existing, role)
                return existing
            member = ProcessMember.objects.create(
                process=process, user=user, role=role, sector=sector, organisation=organisation
            )
            log_action(
                "processes.member.added",
                actor=by,
                target=process,
                data={"user": user.pk, "role": role, "sector": sector},
            )
    except IntegrityError:  # added by somebody else at the same moment
        existing = ProcessMember.objects.get(process=process, user=user)
        _refuse_other_role(existing, role)
        return existing
    forget_roles(user)
    return member


def _refuse_other_role(member: ProcessMember, role: str) -> None:
    if member.role != role:
        raise DomainError(
            _(
                "%(name)s is already in the team as “%(role)s”. To give them another role, "
                "change the role in the team list."
            )
            % {"name": member.user.name, "role": member.get_role_display()},
            field="role",
        )


def member_role_change(*, process: Process, member: ProcessMember, role: str, by: Viewer | None) -> ProcessMember:
    """Give a team member another role: an explicit action of its own, recorded in the audit log
    with the old and the new role. A process keeps at least one process lead."""
    if member.process_id != process.pk:
        raise DomainError(_("This person is not in the team."))
    if role not in MemberRole.values:
        raise DomainError(_("Choose a valid role."), field="role")
    with transaction.atomic():
        locked = ProcessMember.objects.select_for_update().select_related("user").get(pk=member.pk)
        old = locked.role
        if old == role:
            return locked
        if (
            old == MemberRole.LEAD
            and not ProcessMember.objects.filter(process=process, role=MemberRole.LEAD).exclude(pk=locked.pk).exists()
        ):
            raise DomainError(
                _("The process needs a process lead. Make someone else process lead first."), field="role"
            )
        locked.role = role
        locked.save(update_fields=["role", "updated_at"])
        log_action(
            "processes.member.changed",
            actor=by,
            target=process,
            data={"user": locked.user_id, "from": old, "to": role},
        )
    forget_roles(locked.user)
    return locked


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


def invitation_send(
    *, process: Process, email: str, role: str, sector: str, by: Viewer | None
) -> tuple[ProcessInvitation, str]:
    """Invite ``email`` into the process team and send the mail with the link; returns the
    invitation and the link's secret (stored only as its hash).

    The same happens whether or not the address has an account, so the page and the log say
    nothing about it: an invitation never adds anyone by itself. A person without an account
    joins when they sign up and confirm this address (:func:`invitations_accept_for`); a person
    with an account follows the link and accepts while logged in with this address. One open
    invitation per address and process: a second one is refused while the first is valid; an
    expired one is replaced.
    """
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Enter a valid e-mail address."), field="email") from None
    if role not in MemberRole.values:
        raise DomainError(_("Choose a valid role."), field="role")
    if sector not in Sector.values:
        raise DomainError(_("Say which sector this person brings to the table."), field="sector")
    if process.status != ProcessStatus.RUNNING:
        raise DomainError(_("Only the team of a running process can be extended."))
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Process.objects.select_for_update().filter(pk=process.pk).first()  # one invitation at a time per process
        open_one = ProcessInvitation.objects.filter(
            process=process, email=email, accepted_at__isnull=True, withdrawn_at__isnull=True
        ).first()
        if open_one is not None:
            if open_one.expires_at > now:
                raise DomainError(
                    _("%(email)s has already been invited. Withdraw that invitation first to send a new one.")
                    % {"email": email},
                    field="email",
                )
            open_one.withdrawn_at = now  # expired: replaced by the new one
            open_one.save(update_fields=["withdrawn_at", "updated_at"])
        invitation = ProcessInvitation(
            process=process,
            email=email,
            role=role,
            sector=sector,
            token_hash=invitation_token_hash(token=token),
            invited_by=account(by),
            expires_at=now + INVITATION_VALIDITY,
        )
        invitation.full_clean(exclude=["token_hash"])
        invitation.save()
        language = (
            User.objects.filter(email__iexact=email).values_list("language", flat=True).first()
            or settings.LANGUAGE_CODE
        )
        inviter = account(by)
        send_templated_mail(
            to=email,
            language=language,
            template="processes/mail/invitation",
            context={
                "process": process,
                "lab": process.lab,
                "role": invitation.get_role_display(),
                "inviter": inviter.name if inviter is not None else "",
                "link": site_url() + reverse("processes:invitation", args=[token]),
                "expires_at": invitation.expires_at,
            },
        )
        log_action(
            "processes.invitation.sent",
            actor=by,
            target=process,
            data={"invitation": invitation.pk, "role": role},  # never the address: the log outlives it
        )
    return invitation, token


def invitation_withdraw(*, invitation: ProcessInvitation, by: Viewer | None) -> ProcessInvitation:
    """Withdraw an open invitation: its link stops working. Withdrawing twice changes nothing."""
    with transaction.atomic():
        locked = ProcessInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise DomainError(_("This invitation has already been accepted."))
        if locked.withdrawn_at is None:
            locked.withdrawn_at = timezone.now()
            locked.save(update_fields=["withdrawn_at", "updated_at"])
            log_action(
                "processes.invitation.withdrawn", actor=by, target=locked.process, data={"invitation": locked.pk}
            )
    return locked


def _accept(invitation: ProcessInvitation, user: User) -> ProcessMember:
    """Inside a transaction, with the invitation locked: the membership the invitation offers.
    Someone already in the team keeps their role (never changed silently)."""
    member = ProcessMember.objects.filter(process_id=invitation.process_id, user=user).first()
    if member is None:
        profile = getattr(user, "profile", None)
        organisation = profile.organisation if profile is not None else None
        member = ProcessMember.objects.create(
            process_id=invitation.process_id,
            user=user,
            role=invitation.role,
            sector=invitation.sector,
            organisation=organisation,
        )
        log_action(
            "processes.member.added",
            actor=user,
            target=invitation.process,
            data={"user": user.pk, "role": invitation.role, "sector": invitation.sector, "invitation": invitation.pk},
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    log_action(
        "processes.invitation.accepted", actor=user, target=invitation.process, data={"invitation": invitation.pk}
    )
    forget_roles(user)
    return member


def invitations_accept_for(*, user: User, email: str) -> list[ProcessMember]:
    """Turn every valid open invitation to ``email`` into a membership of ``user``, who has just
    confirmed that address (called by the ``accounts.email_confirmed`` extension point)."""
    email = email.strip().lower()
    if not email:
        return []
    members = []
    with transaction.atomic():
        invitations = ProcessInvitation.objects.select_for_update().filter(
            email=email, accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now()
        )
        for invitation in invitations.select_related("process").order_by("pk"):
            members.append(_accept(invitation, user))
    return members


def invitation_accept(*, invitation: ProcessInvitation, user: User) -> ProcessMember:
    """Accept an invitation from its link, logged in with the address it was sent to."""
    with transaction.atomic():
        locked = ProcessInvitation.objects.select_for_update().select_related("process").get(pk=invitation.pk)
        if locked.withdrawn_at is not None or locked.accepted_at is not None or locked.expires_at <= timezone.now():
            raise DomainError(_("This invitation is no longer valid. Ask the process lead for a new one."))
        if user.email.strip().lower() != locked.email or getattr(user, "email_confirmed_at", None) is None:
            raise DomainError(
                _("This invitation was sent to another e-mail address. Log in with the address it was sent to.")
            )
        return _accept(locked, user)
