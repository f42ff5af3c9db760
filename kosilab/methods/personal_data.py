"""What the methods app stores about a person (see kosilab/core/personal_data.py)."""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_methods(user: User) -> list[dict[str, Any]]:
    from kosilab.methods.models import Method

    return [
        {"method": m.title, "lab": m.lab.name if m.lab else None, "created_at": iso(m.created_at)}
        for m in Method.objects.filter(created_by=user).select_related("lab").order_by("created_at", "pk")
    ]


declare(
    "methods.Method",
    fields=["created_by"],
    erasure=Erasure.KEPT,
    what="Methods the person added to a lab's library.",
    export_key="own_methods",
    export=_export_methods,
)
