"""What the playbook app stores about a person (see kosilab/core/personal_data.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_blocks(user: User) -> list[dict[str, Any]]:
    from kosilab.playbook.models import BlockState

    return [
        {
            "lab": b.playbook.lab.name,
            "building_block": b.block_key,
            "status": b.status,
            "responsible": b.responsible_id == user.pk,
            "last_changed_by_you": b.updated_by_id == user.pk,
        }
        for b in BlockState.objects.filter(Q(responsible=user) | Q(updated_by=user))
        .select_related("playbook__lab")
        .order_by("pk")
    ]


def _erase_blocks(user: User) -> None:
    from kosilab.playbook.models import BlockState

    BlockState.objects.filter(responsible=user).update(responsible_name="")


def _export_checklist(user: User) -> list[dict[str, Any]]:
    from kosilab.playbook.models import ChecklistState

    return [
        {"lab": c.playbook.lab.name, "item": c.item_key, "done_at": iso(c.done_at)}
        for c in ChecklistState.objects.filter(done_by=user).select_related("playbook__lab").order_by("pk")
    ]


def _export_assessments(user: User) -> list[dict[str, Any]]:
    from kosilab.playbook.models import Assessment

    return [
        {"lab": a.playbook.lab.name, "taken_at": iso(a.taken_at), "note": a.note}
        for a in Assessment.objects.filter(taken_by=user).select_related("playbook__lab").order_by("taken_at", "pk")
    ]


declare(
    "playbook.BlockState",
    fields=["responsible", "responsible_name", "updated_by"],
    erasure=Erasure.ANONYMISED,
    what="Building blocks of a lab's set-up the person is responsible for or changed last.",
    export_key="playbook_blocks_responsible_for",
    export=_export_blocks,
    erase=_erase_blocks,
)
declare(
    "playbook.ChecklistState",
    fields=["done_by"],
    erasure=Erasure.KEPT,
    what="Checklist items the person ticked off.",
    export_key="playbook_checklist_done",
    export=_export_checklist,
)
declare(
    "playbook.Assessment",
    fields=["taken_by", "note"],
    erasure=Erasure.KEPT,
    what="Self-assessments the person took for a lab.",
    export_key="self_assessments_taken",
    export=_export_assessments,
)
