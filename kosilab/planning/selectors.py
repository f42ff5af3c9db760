"""Reads for session plans: the agenda with its times, the materials, lists and choices."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation

from kosilab.core.queries import count_of
from kosilab.events import selectors as events
from kosilab.events.models import Event
from kosilab.methods.models import Method
from kosilab.planning.models import Block, Session
from kosilab.planning.policies import session_policy
from kosilab.processes.models import Process, ProcessMember, ProcessStatus


def session_queryset() -> QuerySet[Session]:
    return Session.objects.select_related(
        "lab", "process", "process__lab", "process__current_phase", "room", "booking", "created_by", "event"
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
    sessions = Session.objects.filter(process=process, is_template=False).select_related("room", "booking", "event")
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


# A method's material that is only needed online starts with "Online:" (as in the library).
ONLINE_ITEM = re.compile(r"^\s*online\s*:\s*", re.IGNORECASE)


def session_setting(session: Session) -> str | None:
    """Where the session takes place: as its event says ("online", "offline" or None for hybrid);
    without an event, "offline" if it has a room, else None (not known: every item is listed)."""
    if session.event_id is not None and session.event is not None:
        return events.event_setting(session.event)
    return events.OFFLINE if session.room_id is not None else None


def _items_for(items: list[str], setting: str | None, *, works_online: bool = True) -> list[str]:
    """The items that fit the setting. On site, none marked "Online:". Online, none of a method
    that does not work online; of one that marks online items, only those (without the mark);
    of one that marks none, all (it does not say what differs online)."""
    if setting == events.OFFLINE:
        return [item for item in items if not ONLINE_ITEM.match(item)]
    if setting == events.ONLINE:
        if not works_online:
            return []
        marked = [ONLINE_ITEM.sub("", item) for item in items if ONLINE_ITEM.match(item)]
        return marked or items
    return items


def materials(blocks: list[Block], setting: str | None = None) -> list[Material]:
    """What the blocks need (their methods' materials and their own), each item once, for the
    ``setting`` (see :func:`_items_for`; None: all of them).

    Items are the same when they differ only in case or spacing; the first spelling is kept,
    with the titles of the blocks that need it.
    """
    found: dict[str, Material] = {}
    for block in blocks:
        method_items = (
            _items_for(block.method.lines("materials"), setting, works_online=block.method.online)
            if block.method is not None
            else []
        )
        own = block.own_materials
        own_items = (
            [ONLINE_ITEM.sub("", item) for item in own] if setting == events.ONLINE else _items_for(own, setting)
        )
        for item in method_items + own_items:
            key = " ".join(item.split()).casefold()
            material = found.setdefault(key, Material(name=" ".join(item.split())))
            if block.title not in material.blocks:
                material.blocks.append(block.title)
    return list(found.values())


# --- Plans of events ---------------------------------------------------------------------------


def plans_of_event(event: Event, user: Any) -> list[Session]:
    """The session plans of ``event`` that ``user`` may see, each with its blocks and methods."""
    sessions = session_policy.visible(user, Session.objects.filter(event=event, is_template=False))
    blocks = Block.objects.select_related("method").order_by("position")
    return list(sessions.select_related("process").prefetch_related(Prefetch("blocks", queryset=blocks)).order_by("pk"))


def recommendation_defaults(session: Session, *, team_size: int, spare_minutes: int) -> dict[str, Any]:
    """What the recommendations start from: for the plan of an event, the people the event expects
    and its setting; otherwise the process team, in a room."""
    minutes = spare_minutes or session.slot_minutes
    if session.event_id is not None and session.event is not None:
        return {
            "setting": events.event_setting(session.event) or "",
            "participants": max(events.expected_participants(session.event), 1),
            "minutes": minutes,
        }
    return {"setting": "offline", "participants": max(team_size, 1), "minutes": minutes}
