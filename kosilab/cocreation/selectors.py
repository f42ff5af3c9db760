"""Reads of co-creation, each with a fixed number of queries whatever the number of ideas or comments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from kosilab.accounts.types import Viewer
from kosilab.challenges.models import Challenge
from kosilab.cocreation.models import Comment, Idea, Place, Report, Support
from kosilab.labs.models import Lab
from kosilab.processes.models import Process, ProcessPhase

SORTS = {
    "new": ("-created_at", "-id"),
    "supported": ("-support_count", "-created_at", "-id"),
    "discussed": ("-comment_count", "-created_at", "-id"),
}


def idea_with_place(pk: int) -> Idea:
    """One idea with what the permission rules read: its lab, its place and the place's lab.

    Two short queries (the idea with its lab and author; the place) instead of one join of nine
    tables, which cost PostgreSQL more time to plan than both queries take together
    (docs/performance.md). Raises ``Idea.DoesNotExist``.
    """
    idea = Idea.objects.select_related("lab", "author__profile").get(pk=pk)
    attach_place(idea)
    return idea


def comment_with_place(pk: int) -> Comment:
    """One comment with its author and its idea as :func:`idea_with_place` reads it."""
    comment = Comment.objects.select_related("idea__lab", "author__profile").get(pk=pk)
    attach_place(comment.idea)
    return comment


def attach_place(idea: Idea) -> None:
    """Fetch the idea's place (a challenge, or a phase with its process) in one query and give it the
    idea's lab: the same row, kept on the idea so that moderation and permissions go by lab."""
    owner: Challenge | Process
    if idea.challenge_id is not None:
        idea.challenge = owner = Challenge.objects.get(pk=idea.challenge_id)
    elif idea.phase_id is not None:
        idea.phase = ProcessPhase.objects.select_related("process").get(pk=idea.phase_id)
        owner = idea.phase.process
    else:
        return
    if owner.lab_id == idea.lab_id:  # always, unless a row was changed by hand: then it is fetched
        owner.lab = idea.lab


def challenge_queryset() -> QuerySet[Challenge]:
    return Challenge.objects.select_related("lab")


def phase_queryset() -> QuerySet[ProcessPhase]:
    return ProcessPhase.objects.select_related("process", "process__lab")


def ideas_of(place: Place) -> QuerySet[Idea]:
    """The ideas of a place, unordered: the list walks them by keyset in one of ``SORTS``."""
    field = "challenge" if isinstance(place, Challenge) else "phase"
    return Idea.objects.filter(**{field: place}, deleted=False).select_related("author__profile")


def supported_among(idea_ids: Iterable[int], user: Viewer) -> set[int]:
    """Which of these ideas the user supports (one query; none for anonymous readers)."""
    if not user.is_authenticated:
        return set()
    return set(Support.objects.filter(user=user, idea_id__in=list(idea_ids)).values_list("idea_id", flat=True))


def top_comments(idea: Idea) -> QuerySet[Comment]:
    """Top-level comments, oldest first, with their replies (one query for all replies of a page)."""
    replies = Comment.objects.select_related("author__profile").order_by("created_at", "id")
    return (
        idea.comments.filter(parent__isnull=True)
        .select_related("author__profile")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def has_supported(idea: Idea, user: Viewer) -> bool:
    return user.is_authenticated and Support.objects.filter(idea=idea, user=user).exists()


def open_reports(lab: Lab) -> QuerySet[Report]:
    return (
        Report.objects.filter(lab=lab, resolved_at__isnull=True)
        .select_related("idea", "comment", "comment__parent", "reporter")
        .order_by("created_at", "id")
    )


@dataclass
class IdeasSummary:
    count: int
    place: Place | None  # the challenge or the process's current phase, None when there is none
    is_open: bool
    is_phase: bool


def ideas_summary(target: Challenge | Process, user: Viewer) -> IdeasSummary:
    """For the panel on a challenge or process page: how many ideas, where to list and add them.

    One query. ``target`` should come with its ``lab`` (a process also with ``current_phase``) selected.
    """
    from kosilab.cocreation.rules import place_is_open

    if isinstance(target, Challenge):
        place: Place | None = target
        number = Idea.objects.filter(challenge=target, deleted=False).count()
    else:
        phase_id = target.current_phase_id
        row = (
            ProcessPhase.objects.filter(pk=phase_id).annotate(n=Count("ideas", filter=Q(ideas__deleted=False))).first()
            if phase_id
            else None
        )
        place = row
        number = row.n if row is not None else 0
        if row is not None:
            row.process = target  # the same object the page has, with its lab
    return IdeasSummary(
        count=number,
        place=place,
        is_open=place is not None and place_is_open(place),
        is_phase=not isinstance(target, Challenge),
    )


def open_report_counts(lab_ids: list[int]) -> dict[int, int]:
    """The moderation queue of each lab (reports not yet resolved), for the manage page: one query."""
    rows = (
        Report.objects.filter(lab_id__in=lab_ids, resolved_at__isnull=True)
        .order_by()
        .values("lab_id")
        .annotate(n=Count("id"))
        .values_list("lab_id", "n")
    )
    return dict(rows)
