"""What the processes app stores about a person (see kosilab/core/personal_data.py)."""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_teams(user: User) -> list[dict[str, Any]]:
    from kosilab.processes.models import ProcessMember

    return [
        {"process": m.process.title, "role": m.role, "sector": m.sector, "since": iso(m.created_at)}
        for m in ProcessMember.objects.filter(user=user).select_related("process").order_by("created_at", "pk")
    ]


def _export_log(user: User) -> list[dict[str, Any]]:
    from kosilab.processes.models import LogEntry

    return [
        {"process": e.process.title, "text": e.text, "at": iso(e.created_at)}
        for e in LogEntry.objects.filter(author=user).select_related("process").order_by("created_at", "pk")
    ]


def _export_transitions(user: User) -> list[dict[str, Any]]:
    from kosilab.processes.models import PhaseTransition

    return [
        {"process": t.process.title, "reason": t.reason, "at": iso(t.at)}
        for t in PhaseTransition.objects.filter(by=user).select_related("process").order_by("at", "pk")
    ]


declare(
    "processes.ProcessMember",
    fields=["user", "role", "sector"],
    erasure=Erasure.DELETED,
    what="Membership in a process team, with role and sector.",
    export_key="process_teams",
    export=_export_teams,
)


def _export_invitations(user: User) -> list[dict[str, Any]]:
    from kosilab.processes.models import ProcessInvitation

    return [
        {
            "process": i.process.title,
            "email": i.email,
            "role": i.role,
            "sent": iso(i.created_at),
            "accepted": iso(i.accepted_at) if i.accepted_at else None,
        }
        for i in ProcessInvitation.objects.filter(email__iexact=user.email)
        .select_related("process")
        .order_by("created_at", "pk")
    ]


def _erase_invitations(user: User) -> None:
    """Invitations to the person's address (the address is all they hold) go with the account;
    those the person sent stay with the process, without the sender (SET_NULL)."""
    from kosilab.processes.models import ProcessInvitation

    ProcessInvitation.objects.filter(email__iexact=user.email).delete()


declare(
    "processes.ProcessInvitation",
    fields=["email", "accepted_by", "invited_by"],
    erasure=Erasure.DELETED,
    what=(
        "Invitations into process teams sent to the person's e-mail address (deleted with the account); "
        "those the person sent stay with the process, without the sender."
    ),
    export_key="process_invitations",
    export=_export_invitations,
    erase=_erase_invitations,
)
declare(
    "processes.LogEntry",
    fields=["author"],
    erasure=Erasure.KEPT,
    what="Entries the person wrote in process logs.",
    export_key="process_log_entries",
    export=_export_log,
)
declare(
    "processes.PhaseTransition",
    fields=["by"],
    erasure=Erasure.KEPT,
    what="Phase changes the person made, with their reason.",
    export_key="phase_changes",
    export=_export_transitions,
)
