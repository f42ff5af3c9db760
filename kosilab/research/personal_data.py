"""What the research app stores about a person (see kosilab/core/personal_data.py): the exports
they asked for. The exports themselves hold no names (docs/research-export.md)."""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_research_exports(user: User) -> list[dict[str, Any]]:
    from kosilab.research.models import ResearchExport

    return [
        {
            "requested_at": iso(e.requested_at),
            "lab": e.lab.slug if e.lab else "all",
            "status": e.status,
            "free_text": e.free_text,
        }
        for e in ResearchExport.objects.filter(requested_by=user).select_related("lab").order_by("requested_at", "pk")
    ]


declare(
    "research.ResearchExport",
    fields=["requested_by"],
    erasure=Erasure.DELETED,
    what="Research exports the person asked for (when, of which lab, with which options); deleted with the account.",
    export_key="research_exports",
    export=_export_research_exports,
)
