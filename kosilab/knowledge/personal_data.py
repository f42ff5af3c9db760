"""What the knowledge app stores about a person (see kosilab/core/personal_data.py).

``LabProfile.name`` is a lab's name. A profile's versions name their author, proposals their
proposer and reviewer; all stay when the account goes (the library's history), shown as from a
deleted account. The version written when a proposal was accepted credits the proposer by name in
its comment: that name is replaced as well.
"""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso, mentions, scrub_text


def _export_proposals(user: User) -> list[dict[str, Any]]:
    from django.db.models import Q

    from kosilab.knowledge.models import ProfileProposal

    proposals = ProfileProposal.objects.filter(Q(proposed_by=user) | Q(reviewed_by=user)).select_related("profile")
    return [
        {
            "lab": str(proposal),
            "proposed_by_you": proposal.proposed_by_id == user.pk,
            "reviewed_by_you": proposal.reviewed_by_id == user.pk,
            "status": proposal.status,
            "data": proposal.data,
            "sources": proposal.sources,
            "comment": proposal.comment,
            "review_note": proposal.review_note,
            "created_at": iso(proposal.created_at),
            "reviewed_at": iso(proposal.reviewed_at),
        }
        for proposal in proposals.order_by("created_at", "pk")
    ]


def _erase_proposals(user: User) -> None:
    """The versions that credit the person's accepted proposals keep the credit without the name."""
    from kosilab.knowledge.models import ProfileRevision

    for revision in ProfileRevision.objects.filter(mentions(["comment"], user), proposal__proposed_by=user):
        revision.comment = scrub_text(revision.comment, user)
        revision.save(update_fields=["comment"])


def _export_revisions(user: User) -> list[dict[str, Any]]:
    from kosilab.knowledge.models import ProfileRevision

    return [
        {
            "lab": revision.profile.name,
            "version": revision.number,
            "kind": revision.source,
            "changed": revision.changed,
            "comment": revision.comment,
            "at": iso(revision.created_at),
        }
        for revision in ProfileRevision.objects.filter(author=user)
        .select_related("profile")
        .order_by("created_at", "pk")
    ]


declare(
    "knowledge.ProfileProposal",
    fields=["proposed_by", "reviewed_by"],
    erasure=Erasure.KEPT,
    what="Proposals for the case-study library the person made or reviewed, with their sources and notes.",
    export_key="lab_profile_proposals",
    export=_export_proposals,
    erase=_erase_proposals,
)
declare(
    "knowledge.ProfileRevision",
    fields=["author"],
    erasure=Erasure.KEPT,
    what="Versions of lab profiles the person wrote (edits, accepted proposals, checks of facts).",
    export_key="lab_profile_versions",
    export=_export_revisions,
)
