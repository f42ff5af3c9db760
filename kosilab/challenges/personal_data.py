"""What the challenges app stores about a person (see kosilab/core/personal_data.py)."""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_participations(user: User) -> list[dict[str, Any]]:
    from kosilab.challenges.models import Participation

    return [
        {
            "challenge": p.challenge.title,
            "kind": p.kind,
            "on_behalf_of": p.organisation.name if p.organisation else None,
            "message": p.message,
            "since": iso(p.created_at),
        }
        for p in Participation.objects.filter(user=user)
        .select_related("challenge", "organisation")
        .order_by("created_at", "pk")
    ]


def _export_created(user: User) -> list[dict[str, Any]]:
    from kosilab.challenges.models import Challenge

    return [
        {"challenge": c.title, "lab": c.lab.name, "created_at": iso(c.created_at)}
        for c in Challenge.objects.filter(created_by=user).select_related("lab").order_by("created_at", "pk")
    ]


declare(
    "challenges.Participation",
    fields=["user", "kind", "organisation", "message"],
    erasure=Erasure.DELETED,
    what="Taking part in a challenge (interest, offer of help), with a message.",
    export_key="challenges",
    export=_export_participations,
)
declare(
    "challenges.Challenge",
    fields=["created_by"],
    erasure=Erasure.KEPT,
    what="Challenges the person wrote down for a lab.",
    export_key="challenges_created",
    export=_export_created,
)
