"""What the planning app stores about a person (see kosilab/core/personal_data.py).

``Session.template_name`` names a template, not a person.
"""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_sessions(user: User) -> list[dict[str, Any]]:
    from kosilab.planning.models import Session

    return [
        {"session": s.title, "date": iso(s.date), "created_at": iso(s.created_at)}
        for s in Session.objects.filter(created_by=user).order_by("created_at", "pk")
    ]


def _export_blocks(user: User) -> list[dict[str, Any]]:
    from kosilab.planning.models import Block

    return [
        {"session": b.session.title, "block": b.title, "minutes": b.minutes}
        for b in Block.objects.filter(responsible=user).select_related("session").order_by("session_id", "pk")
    ]


def _erase_blocks(user: User) -> None:
    from kosilab.planning.models import Block

    Block.objects.filter(responsible=user).update(responsible_name="")


declare(
    "planning.Session",
    fields=["created_by"],
    erasure=Erasure.KEPT,
    what="Session plans the person made.",
    export_key="session_plans",
    export=_export_sessions,
)
declare(
    "planning.Block",
    fields=["responsible", "responsible_name"],
    erasure=Erasure.ANONYMISED,
    what="Agenda blocks the person is responsible for; the block stays without a responsible person.",
    export_key="agenda_blocks_responsible_for",
    export=_export_blocks,
    erase=_erase_blocks,
)
