"""What the continuation app stores about a person (see kosilab/core/personal_data.py).

``Handover.taker_name`` names the organisation, unit of the administration, association or
enterprise that takes a result over, not a person.
"""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_handovers(user: User) -> list[dict[str, Any]]:
    from kosilab.continuation.models import Handover

    return [
        {"result": h.result.title, "status": h.status, "created_at": iso(h.created_at)}
        for h in Handover.objects.filter(created_by=user).select_related("result").order_by("created_at", "pk")
    ]


def _export_events(user: User) -> list[dict[str, Any]]:
    from kosilab.continuation.models import HandoverEvent

    return [
        {"result": e.handover.result.title, "from": e.from_status, "to": e.to_status, "note": e.note, "at": iso(e.at)}
        for e in HandoverEvent.objects.filter(by=user).select_related("handover__result").order_by("at", "pk")
    ]


declare(
    "continuation.Handover",
    fields=["created_by"],
    erasure=Erasure.KEPT,
    what="Handovers of results the person recorded.",
    export_key="handovers",
    export=_export_handovers,
)
declare(
    "continuation.HandoverEvent",
    fields=["by"],
    erasure=Erasure.KEPT,
    what="Status changes of handovers the person made.",
    export_key="handover_status_changes",
    export=_export_events,
)
