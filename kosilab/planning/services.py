"""Writes for session plans: sessions, blocks and their order, templates and copies, the room
booking made from the planner, and the invitation of the process team.

Positions: ``(session, position)`` is unique. Every change of order runs in one transaction that
first locks the session row (so two planners reorder one after the other), moves the blocks of the
session to negative positions (distinct, and never equal to a positive one) and then writes the
new positions 0..n-1. No statement ever sees two blocks on one position, on SQLite or PostgreSQL,
whichever order the database updates the rows in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kosilab.accounts.types import Viewer, account
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.mail import send_templated_mail
from kosilab.events.models import Event
from kosilab.methods.models import Method
from kosilab.planning import selectors
from kosilab.planning.models import (
    MAX_BLOCK_MINUTES,
    MAX_BLOCKS,
    MAX_SLOT_MINUTES,
    MIN_BLOCK_MINUTES,
    MIN_SLOT_MINUTES,
    Block,
    Session,
)
from kosilab.processes.models import Process
from kosilab.rooms import services as rooms
from kosilab.rooms.models import Booking, BookingStatus, Resource, Room

SESSION_FIELDS = ("template_name", "title", "date", "starts_at", "slot_minutes", "notes", "room", "event")
BLOCK_FIELDS = ("title", "minutes", "responsible", "responsible_name", "notes", "materials")
UP, DOWN = "up", "down"


def _full_clean(obj: models.Model, exclude: Sequence[str] = ()) -> None:
    """Model validation as a DomainError on the first field that failed."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from None


def _lock(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


def _touch(session: Session) -> None:
    """The plan changed: raise the calendar entry's SEQUENCE and the modification time."""
    Session.objects.filter(pk=session.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())


# --- Sessions ----------------------------------------------------------------------------------


def _check_session(session: Session) -> None:
    session.title = " ".join((session.title or "").split())
    if len(session.title) < 3:
        raise DomainError(_("The title needs at least 3 characters."), field="title")
    if session.slot_minutes is None or not MIN_SLOT_MINUTES <= session.slot_minutes <= MAX_SLOT_MINUTES:
        raise DomainError(
            _("The time available must be between %(min)d and %(max)d minutes.")
            % {"min": MIN_SLOT_MINUTES, "max": MAX_SLOT_MINUTES},
            field="slot_minutes",
        )
    session.template_name = " ".join((session.template_name or "").split())
    if session.is_template and len(session.template_name) < 3:
        raise DomainError(_("The name needs at least 3 characters."), field="template_name")
    if not session.is_template and session.date is None:
        raise DomainError(_("Enter the date of the session."), field="date")
    start = dt.datetime.combine(dt.date(2000, 1, 3), session.starts_at)
    if (start + dt.timedelta(minutes=session.slot_minutes)).date() != start.date():
        raise DomainError(_("The session must end on the day it starts."), field="slot_minutes")
    if session.room is not None and session.room.lab_id != session.lab_id:
        raise DomainError(_("Choose a room of this lab."), field="room")
    event = session.event if session.event_id is not None else None
    if event is not None and (session.is_template or event.lab_id != session.lab_id):
        raise DomainError(_("Choose an event of this lab."), field="event")


def session_create(
    *,
    process: Process,
    by: Viewer | None,
    title: str,
    date: dt.date,
    starts_at: dt.time,
    slot_minutes: int,
    notes: str = "",
    room: Room | None = None,
    event: Event | None = None,
) -> Session:
    session = Session(
        lab_id=process.lab_id,
        process=process,
        event=event,
        title=title,
        date=date,
        starts_at=starts_at,
        slot_minutes=slot_minutes,
        notes=notes,
        room=room,
        created_by=account(by),
    )
    _check_session(session)
    _full_clean(session, exclude=["created_by"])
    with transaction.atomic():
        session.save()
        log_action(
            "planning.session.created",
            actor=by,
            target=session,
            data={"process": process.pk, "event": event.pk if event is not None else None},
        )
    return session


def session_plan_event(*, event: Event, by: Viewer | None) -> Session:
    """The session plan of ``event`` in one step: linked to the event and to its lab process, with
    the event's title, day, start time and duration (up to the end of its first day). If the event
    has a plan already, that plan (a second click plans nothing twice)."""
    if event.lab_id is None or event.process_id is None or event.process is None:
        raise DomainError(_("Link the event to a lab process first: a session is planned for a process."))
    existing = Session.objects.filter(event=event, is_template=False).order_by("pk").first()
    if existing is not None:
        return existing
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    midnight = dt.datetime.combine(starts.date() + dt.timedelta(days=1), dt.time.min, tzinfo=starts.tzinfo)
    minutes = int((min(ends, midnight) - starts).total_seconds() // 60)
    until_midnight = int((midnight - starts).total_seconds() // 60) - 1
    minutes = max(MIN_SLOT_MINUTES, min(minutes, MAX_SLOT_MINUTES, until_midnight))
    start_time = starts.time().replace(second=0, microsecond=0)
    if until_midnight < MIN_SLOT_MINUTES:  # starts in the last quarter of an hour of the day
        start_time = (dt.datetime.combine(starts.date(), dt.time(23, 59)) - dt.timedelta(minutes=minutes)).time()
    return session_create(
        process=event.process,
        by=by,
        title=event.title[:200],
        date=starts.date(),
        starts_at=start_time,
        slot_minutes=minutes,
        room=event.room if event.room_id is not None and event.room is not None and event.room.is_active else None,
        event=event,
    )


def session_update(*, session: Session, by: Viewer | None, **values: Any) -> Session:
    changed = []
    for name in SESSION_FIELDS:
        if name in values and getattr(session, name) != values[name]:
            setattr(session, name, values[name])
            changed.append(name)
    _check_session(session)
    _full_clean(session, exclude=["created_by"])
    with transaction.atomic():
        session.sequence += 1
        session.save()
        log_action("planning.session.updated", actor=by, target=session, data={"fields": changed})
    return session


def session_delete(*, session: Session, by: Viewer | None) -> None:
    """Delete a session and its blocks. A booking made for it stays (cancel it on its page)."""
    with transaction.atomic():
        log_action("planning.session.deleted", actor=by, target=session, data={"title": session.title})
        session.delete()


def _copy_blocks(source: Session, target: Session, *, keep_people: bool) -> int:
    blocks = [
        Block(
            session=target,
            position=index,
            method_id=block.method_id,
            title=block.title,
            minutes=block.minutes,
            responsible_id=block.responsible_id if keep_people else None,
            responsible_name=block.responsible_name if keep_people else "",
            notes=block.notes,
            materials=block.materials,
        )
        for index, block in enumerate(Block.objects.filter(session=source).order_by("position"))
    ]
    Block.objects.bulk_create(blocks)
    return len(blocks)


def session_save_as_template(*, session: Session, by: Viewer | None, name: str) -> Session:
    """A template of the lab from a session: its blocks, without process, date, room, booking or people."""
    name = " ".join((name or "").split())
    if len(name) < 3:
        raise DomainError(_("The name needs at least 3 characters."), field="name")
    if len(name) > 150:
        raise DomainError(_("Keep the name to 150 characters."), field="name")
    template = Session(
        lab_id=session.lab_id,
        title=session.title,
        starts_at=session.starts_at,
        slot_minutes=session.slot_minutes,
        notes=session.notes,
        is_template=True,
        template_name=name,
        created_by=account(by),
    )
    with transaction.atomic():
        template.save()
        count = _copy_blocks(session, template, keep_people=False)
        log_action("planning.template.saved", actor=by, target=template, data={"from": session.pk, "blocks": count})
    return template


def session_from_template(
    *,
    template: Session,
    process: Process,
    by: Viewer | None,
    date: dt.date,
    starts_at: dt.time | None = None,
    title: str = "",
) -> Session:
    """A new session of ``process`` with the blocks of ``template``."""
    if not template.is_template:
        raise DomainError(_("This is not a template."))
    if process.lab_id != template.lab_id:
        raise DomainError(_("Choose a lab process of the template's lab."), field="process")
    with transaction.atomic():
        session = session_create(
            process=process,
            by=by,
            title=title or template.title,
            date=date,
            starts_at=starts_at or template.starts_at,
            slot_minutes=template.slot_minutes,
            notes=template.notes,
        )
        count = _copy_blocks(template, session, keep_people=False)
        log_action(
            "planning.session.from_template", actor=by, target=session, data={"template": template.pk, "blocks": count}
        )
    return session


def session_copy(
    *, session: Session, by: Viewer | None, date: dt.date, starts_at: dt.time | None = None, title: str = ""
) -> Session:
    """The same plan on another date (same process, room and people; no booking, not invited yet)."""
    if session.is_template or session.process is None:
        raise DomainError(_("Use the template to start a new session."))
    with transaction.atomic():
        copy = session_create(
            process=session.process,
            by=by,
            title=title or session.title,
            date=date,
            starts_at=starts_at or session.starts_at,
            slot_minutes=session.slot_minutes,
            notes=session.notes,
            room=session.room,
        )
        count = _copy_blocks(session, copy, keep_people=True)
        log_action("planning.session.copied", actor=by, target=copy, data={"from": session.pk, "blocks": count})
    return copy


# --- Blocks ------------------------------------------------------------------------------------


def block_default_minutes(*, method: Method) -> int:
    """A method's shortest run, within what a block may last."""
    return min(max(int(method.duration_min or 0), MIN_BLOCK_MINUTES), MAX_BLOCK_MINUTES)


def _check_block(block: Block, session: Session) -> None:
    block.title = " ".join((block.title or "").split())
    block.responsible_name = " ".join((block.responsible_name or "").split())
    if not block.title:
        raise DomainError(_("Give the block a title."), field="title")
    if block.minutes is None or not MIN_BLOCK_MINUTES <= block.minutes <= MAX_BLOCK_MINUTES:
        raise DomainError(
            _("A block lasts between %(min)d and %(max)d minutes.")
            % {"min": MIN_BLOCK_MINUTES, "max": MAX_BLOCK_MINUTES},
            field="minutes",
        )
    if (
        block.responsible_id is not None
        and not selectors.responsible_choices(session).filter(pk=block.responsible_id).exists()
    ):
        raise DomainError(_("Choose someone from the process team or the lab team."), field="responsible")


def block_add(
    *,
    session: Session,
    by: Viewer | None,
    method: Method | None = None,
    title: str = "",
    minutes: int | None = None,
    responsible: Any = None,
    responsible_name: str = "",
    notes: str = "",
    materials: str = "",
) -> Block:
    """Add a block at the end: from the library (title and minutes taken from the method unless
    given) or a free block (title and minutes required)."""
    if method is not None:
        if method.lab_id is not None and method.lab_id != session.lab_id:
            raise DomainError(_("Choose a method of the library or of this lab."), field="method")
        title = title or method.title
        minutes = minutes or block_default_minutes(method=method)
    block = Block(
        session=session,
        method=method,
        title=title,
        minutes=minutes,  # type: ignore[misc]  # None is refused by _check_block
        responsible=responsible,
        responsible_name=responsible_name,
        notes=notes,
        materials=materials,
    )
    _check_block(block, session)
    with transaction.atomic():
        _lock(session)
        current = Block.objects.filter(session=session).aggregate(n=models.Count("pk"), last=Max("position"))
        if current["n"] >= MAX_BLOCKS:
            raise DomainError(_("A session can have at most %(count)d blocks.") % {"count": MAX_BLOCKS})
        block.position = 0 if current["last"] is None else current["last"] + 1
        _full_clean(block, exclude=["session", "position"])
        block.save()
        _touch(session)
        log_action(
            "planning.block.added",
            actor=by,
            target=session,
            data={"block": block.pk, "method": method.pk if method else None, "minutes": block.minutes},
        )
    return block


def block_update(*, block: Block, by: Viewer | None, **values: Any) -> Block:
    session = block.session
    changed = []
    for name in BLOCK_FIELDS:
        if name in values and getattr(block, name) != values[name]:
            setattr(block, name, values[name])
            changed.append(name)
    _check_block(block, session)
    _full_clean(block, exclude=["session", "position"])
    with transaction.atomic():
        block.save(update_fields=list(BLOCK_FIELDS))
        _touch(session)
        log_action("planning.block.updated", actor=by, target=session, data={"block": block.pk, "fields": changed})
    return block


def _renumber(session: Session, order: Sequence[int]) -> None:
    """Give the blocks ``order`` (ids) the positions 0..n-1. Call inside a transaction, session locked."""
    Block.objects.filter(session=session).update(position=-F("position") - 1)
    blocks = [Block(pk=pk, position=index) for index, pk in enumerate(order)]
    Block.objects.bulk_update(blocks, ["position"])


def block_delete(*, block: Block, by: Viewer | None) -> None:
    session = block.session
    with transaction.atomic():
        _lock(session)
        block.delete()
        _renumber(
            session, list(Block.objects.filter(session=session).order_by("position").values_list("pk", flat=True))
        )
        _touch(session)
        log_action("planning.block.removed", actor=by, target=session, data={"title": block.title})


def block_move(*, block: Block, by: Viewer | None, direction: str) -> int:
    """Move a block one place up or down. Returns its new position (0-based); at an end, nothing moves."""
    if direction not in (UP, DOWN):
        raise DomainError(_("Choose up or down."))
    session = block.session
    with transaction.atomic():
        _lock(session)
        order = list(Block.objects.filter(session=session).order_by("position").values_list("pk", flat=True))
        if block.pk not in order:
            raise DomainError(_("This block has been removed in the meantime."))
        index = order.index(block.pk)
        target = index - 1 if direction == UP else index + 1
        if not 0 <= target < len(order):
            return index
        order[index], order[target] = order[target], order[index]
        _renumber(session, order)
        _touch(session)
        log_action(
            "planning.block.moved", actor=by, target=session, data={"block": block.pk, "from": index, "to": target}
        )
    block.position = target
    return target


def blocks_reorder(*, session: Session, by: Viewer | None, order: Sequence[int]) -> None:
    """Put the blocks in ``order`` (all their ids, each once), e.g. after drag and drop."""
    with transaction.atomic():
        _lock(session)
        current = list(Block.objects.filter(session=session).order_by("position").values_list("pk", flat=True))
        if sorted(order) != sorted(current) or len(set(order)) != len(order):
            raise DomainError(_("The plan has changed in the meantime. Please try again."))
        if list(order) == current:
            return
        _renumber(session, order)
        _touch(session)
        log_action("planning.blocks.reordered", actor=by, target=session, data={"order": list(order)})


# --- Room booking ------------------------------------------------------------------------------


def session_book(
    *, session: Session, by: Viewer | None, room: Room | None, resources: dict[Resource, int] | None = None
) -> Booking:
    """Book the room (and resources) for the session: from its start for the slot, or for the plan
    if that is longer. A booking made from the planner before is replaced (cancelled) in the same
    transaction, so a clash leaves the old booking as it was."""
    if session.is_template or session.process is None or session.date is None:
        raise DomainError(_("A template cannot be booked. Start a session from it first."))
    total = sum(Block.objects.filter(session=session).values_list("minutes", flat=True))
    starts_at, ends_at = selectors.session_span(session, total)
    with transaction.atomic():
        locked = _lock(session)
        previous = (
            Booking.objects.filter(pk=locked.booking_id, status=BookingStatus.CONFIRMED).first()
            if locked.booking_id
            else None
        )
        if previous is not None and previous.ends_at > timezone.now():
            rooms.booking_cancel(booking=previous, by=by)
        booking = rooms.booking_create(
            lab=session.lab,
            room=room,
            purpose=session.title,
            starts_at=starts_at,
            ends_at=ends_at,
            by=by,
            resources=resources,
            process=session.process,
        )[0]
        session.booking = booking
        if room is not None:
            session.room = room
        session.sequence = locked.sequence + 1
        session.save(update_fields=["booking", "room", "sequence", "updated_at"])
        log_action(
            "planning.session.booked",
            actor=by,
            target=session,
            data={"booking": booking.pk, "replaced": previous.pk if previous else None},
        )
    return booking


# --- Invitation --------------------------------------------------------------------------------


def session_link(*, session: Session, name: str = "session_detail") -> str:
    from kosilab.core.mail import site_url

    return site_url() + reverse(f"planning:{name}", args=[session.pk])


def session_invite(*, session: Session, by: Viewer | None) -> int:
    """Mail every member of the process team (in their language) the date, time, place and agenda,
    with links to the session and its calendar entry. Returns how many were invited."""
    if session.is_template or session.process is None or session.date is None:
        raise DomainError(_("A template has no team to invite."))
    if session.date < timezone.localdate():
        raise DomainError(_("This session is over."))
    people = selectors.team_to_invite(session.process)
    if not people:
        raise DomainError(_("The process team has nobody to invite yet."))
    blocks = selectors.blocks_of(session)
    agenda = selectors.agenda(session, blocks)
    with transaction.atomic():
        locked = _lock(session)
        again = locked.invited_at is not None
        context = {
            "session": session,
            "process": session.process,
            "agenda": agenda,
            "again": again,
            "link": session_link(session=session),
            "ics_link": session_link(session=session, name="session_ics"),
            "pdf_link": session_link(session=session, name="session_pdf"),
        }
        for person in people:
            send_templated_mail(
                to=person.email,
                language=person.language,
                template="planning/mail/invitation",
                context={**context, "person": person},
            )
        session.invited_at = timezone.now()
        Session.objects.filter(pk=session.pk).update(invited_at=session.invited_at)
        log_action("planning.session.invited", actor=by, target=session, data={"people": len(people), "again": again})
    return len(people)
