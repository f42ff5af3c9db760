"""Reads for session plans: the agenda with its times, the materials, lists and choices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation

from kosilab.core.queries import count_of
from kosilab.methods.models import Method
from kosilab.planning.models import Block, Session
from kosilab.processes.models import Process, ProcessMember, ProcessStatus


def session_queryset() -> QuerySet[Session]:
    return Session.objects.select_related(
        "lab", "process", "process__lab", "process__current_phase", "room", "booking", "created_by"
    )


def blocks_of(session: Session) -> list[Block]:
    return list(Block.objects.filter(session=session).select_related("method", "responsible").order_by("position"))


def _with_totals(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Number of blocks and planned minutes, as subqueries (no GROUP BY over the outer rows)."""
    minutes = (
        Block.objects.filter(session=OuterRef("pk")).order_by().values("session").annotate(n=Sum("minutes")).values("n")
    )
    return sessions.annotate(
        block_count=count_of(Block.objects.all(), "session"),
        planned_minutes=Coalesce(Subquery(minutes[:1], output_field=IntegerField()), 0),
    )


def sessions_of_process(process: Process) -> QuerySet[Session]:
    sessions = Session.objects.filter(process=process, is_template=False).select_related("room", "booking")
    return _with_totals(sessions).order_by("date", "starts_at", "pk")


def templates_of_lab(lab: Any) -> QuerySet[Session]:
    sessions = Session.objects.filter(lab=lab, is_template=True).select_related("created_by")
    return _with_totals(sessions).order_by("template_name", "title", "pk")


def library_methods(lab: Any) -> QuerySet[Method]:
    """Methods a lab can plan with: the shared library and its own, by title in the reader's language."""
    first = "en" if (translation.get_language() or "de").startswith("en") else "de"
    second = "de" if first == "en" else "en"
    shown = Coalesce(NullIf(F(f"title_{first}"), Value("")), F(f"title_{second}"))
    return Method.objects.filter(Q(lab__isnull=True) | Q(lab=lab)).order_by(shown.asc(), "pk")


def responsible_choices(session: Session) -> QuerySet[Any]:
    """The process team and the lab's staff, active accounts only."""
    who = Q(lab_memberships__lab_id=session.lab_id)
    if session.process_id is not None:
        who |= Q(process_memberships__process_id=session.process_id)
    return get_user_model().objects.filter(who, is_active=True).distinct().order_by("name", "pk")


def team_to_invite(process: Process) -> list[Any]:
    members = ProcessMember.objects.filter(process=process, user__is_active=True).select_related("user")
    seen: dict[int, Any] = {}
    for member in members.order_by("user__name", "pk"):
        if member.user.email:
            seen.setdefault(member.user_id, member.user)
    return list(seen.values())


def processes_for_template(lab: Any) -> QuerySet[Process]:
    return Process.objects.filter(lab=lab, status=ProcessStatus.RUNNING).order_by("title", "pk")


# --- The agenda --------------------------------------------------------------------------------


@dataclass
class AgendaRow:
    block: Block
    number: int
    starts: dt.time
    ends: dt.time
    first: bool
    last: bool


@dataclass
class Agenda:
    rows: list[AgendaRow]
    starts: dt.time
    ends: dt.time
    total_minutes: int
    slot_minutes: int
    slot_ends: dt.time

    @property
    def overrun(self) -> int:
        """Minutes the plan is longer than the slot (0 if it fits)."""
        return max(self.total_minutes - self.slot_minutes, 0)

    @property
    def spare(self) -> int:
        return max(self.slot_minutes - self.total_minutes, 0)


def _clock(start: dt.datetime, minutes: int) -> dt.time:
    return (start + dt.timedelta(minutes=minutes)).time()


def agenda(session: Session, blocks: list[Block]) -> Agenda:
    """Start and end of each block: the session's start plus the minutes of the blocks before it."""
    start = dt.datetime.combine(session.date or dt.date(2000, 1, 3), session.starts_at)
    rows: list[AgendaRow] = []
    elapsed = 0
    for index, block in enumerate(blocks):
        rows.append(
            AgendaRow(
                block=block,
                number=index + 1,
                starts=_clock(start, elapsed),
                ends=_clock(start, elapsed + block.minutes),
                first=index == 0,
                last=index == len(blocks) - 1,
            )
        )
        elapsed += block.minutes
    return Agenda(
        rows=rows,
        starts=session.starts_at,
        ends=_clock(start, elapsed),
        total_minutes=elapsed,
        slot_minutes=session.slot_minutes,
        slot_ends=_clock(start, session.slot_minutes),
    )


def session_span(session: Session, total_minutes: int) -> tuple[dt.datetime, dt.datetime]:
    """When the session starts and ends (aware): the slot, or the plan if it is longer."""
    if session.date is None:
        raise ValueError("A template has no date.")
    starts = timezone.make_aware(dt.datetime.combine(session.date, session.starts_at))
    return starts, starts + dt.timedelta(minutes=max(session.slot_minutes, total_minutes))


# --- Materials ---------------------------------------------------------------------------------


@dataclass
class Material:
    name: str
    blocks: list[str] = field(default_factory=list)


def materials(blocks: list[Block]) -> list[Material]:
    """What the blocks need (their methods' materials and their own), each item once.

    Items are the same when they differ only in case or spacing; the first spelling is kept,
    with the titles of the blocks that need it.
    """
    found: dict[str, Material] = {}
    for block in blocks:
        items = (block.method.lines("materials") if block.method is not None else []) + block.own_materials
        for item in items:
            key = " ".join(item.split()).casefold()
            material = found.setdefault(key, Material(name=" ".join(item.split())))
            if block.title not in material.blocks:
                material.blocks.append(block.title)
    return list(found.values())
