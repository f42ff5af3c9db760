"""What the co-creation app stores about a person (see kosilab/core/personal_data.py).

Ideas and comments are contributions: they stay, shown as from a deleted account; their text is
not changed. Supports go (the idea's count goes down with them).
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_ideas(user: User) -> list[dict[str, Any]]:
    from kosilab.cocreation.models import Idea

    return [
        {
            "idea": i.title,
            "text": i.text,
            "place": i.address,
            "latitude": str(i.latitude) if i.latitude is not None else None,
            "longitude": str(i.longitude) if i.longitude is not None else None,
            "written_at": iso(i.created_at),
            "yours": i.author_id == user.pk,
            "answered_by_you": i.answered_by_id == user.pk,
            "hidden_by_you": i.hidden_by_id == user.pk,
        }
        for i in Idea.objects.filter(Q(author=user) | Q(answered_by=user) | Q(hidden_by=user)).order_by("pk")
    ]


def _export_comments(user: User) -> list[dict[str, Any]]:
    from kosilab.cocreation.models import Comment

    return [
        {
            "idea": c.idea.title,
            "text": c.text,
            "written_at": iso(c.created_at),
            "yours": c.author_id == user.pk,
            "hidden_by_you": c.hidden_by_id == user.pk,
        }
        for c in Comment.objects.filter(Q(author=user) | Q(hidden_by=user)).select_related("idea").order_by("pk")
    ]


def _export_supports(user: User) -> list[dict[str, Any]]:
    from kosilab.cocreation.models import Support

    return [
        {"idea": s.idea.title, "at": iso(s.created_at)}
        for s in Support.objects.filter(user=user).select_related("idea").order_by("pk")
    ]


def _erase_supports(user: User) -> None:
    from kosilab.cocreation.models import Idea, Support

    for idea_id in Support.objects.filter(user=user).values_list("idea_id", flat=True):
        Idea.objects.filter(pk=idea_id, support_count__gt=0).update(support_count=F("support_count") - 1)


def _export_reports(user: User) -> list[dict[str, Any]]:
    from kosilab.cocreation.models import Report

    return [
        {
            "idea": r.idea.title,
            "reason": r.reason,
            "at": iso(r.created_at),
            "yours": r.reporter_id == user.pk,
            "resolved_by_you": r.resolved_by_id == user.pk,
        }
        for r in Report.objects.filter(Q(reporter=user) | Q(resolved_by=user)).select_related("idea").order_by("pk")
    ]


declare(
    "cocreation.Idea",
    fields=["author", "answered_by", "hidden_by"],
    erasure=Erasure.KEPT,
    what="Ideas the person wrote, answered officially or hid.",
    export_key="ideas",
    export=_export_ideas,
)
declare(
    "cocreation.Comment",
    fields=["author", "hidden_by"],
    erasure=Erasure.KEPT,
    what="Comments the person wrote or hid.",
    export_key="comments",
    export=_export_comments,
)
declare(
    "cocreation.Support",
    fields=["user"],
    erasure=Erasure.DELETED,
    what="Ideas the person supports.",
    export_key="supports",
    export=_export_supports,
    erase=_erase_supports,
)
declare(
    "cocreation.Report",
    fields=["reporter", "resolved_by"],
    erasure=Erasure.KEPT,
    what="Reports of ideas or comments the person made or resolved.",
    export_key="reports",
    export=_export_reports,
)
