"""Writes of the continuation: handovers, their status, follow-ups, and the reminders before them."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kosilab.accounts.types import Viewer, account
from kosilab.continuation.models import FollowUp, Handover, HandoverEvent, HandoverStatus
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.mail import send_templated_mail, site_url
from kosilab.core.tasks import enqueue_at
from kosilab.labs.models import LabMembership
from kosilab.processes.models import MemberRole, ProcessMember
from kosilab.results.models import Result

logger = logging.getLogger(__name__)

HANDOVER_FIELDS = (
    "taker_kind",
    "taker_organisation",
    "taker_name",
    "form",
    "funding",
    "decision",
    "decision_on",
    "commitments",
)
# Reminders go out this many days before a follow-up is due.
REMINDER_DAYS_BEFORE = 7
REMINDER_HOUR = 8


def _check_status(status: str, ended_reason: str) -> None:
    if status == HandoverStatus.ENDED and not ended_reason.strip():
        raise DomainError(_("Say why the continuation has ended."), field="ended_reason")


@transaction.atomic
def handover_create(
    *,
    result: Result,
    by: Viewer | None,
    status: str = HandoverStatus.PLANNED,
    ended_reason: str = "",
    **fields: Any,
) -> Handover:
    """Record who takes the result over. The first entry of its status history is written with it."""
    unknown = set(fields) - set(HANDOVER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _check_status(status, ended_reason)
    handover = Handover(
        result=result,
        status=status,
        ended_reason=ended_reason.strip() if status == HandoverStatus.ENDED else "",
        created_by=account(by),
        **fields,
    )
    _check_taker(handover)
    handover.full_clean()
    handover.save()
    HandoverEvent.objects.create(handover=handover, from_status="", to_status=status, by=account(by))
    log_action("continuation.handover_created", actor=by, target=handover, lab=result.lab_id, data={"status": status})
    return handover


def _check_taker(handover: Handover) -> None:
    handover.taker_name = handover.taker_name.strip()
    if handover.taker_organisation_id is None and not handover.taker_name:
        raise DomainError(
            _("Choose the organisation that takes the result over, or enter its name."), field="taker_name"
        )


@transaction.atomic
def handover_update(*, handover: Handover, by: Viewer | None, **fields: Any) -> Handover:
    """Change who, how, funding, decision and commitments (the status has its own service)."""
    unknown = set(fields) - set(HANDOVER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(handover, name, value)
    _check_taker(handover)
    handover.full_clean()
    handover.save()
    log_action("continuation.handover_updated", actor=by, target=handover, lab=handover.result.lab_id)
    return handover


@transaction.atomic
def handover_status_set(
    *, handover: Handover, by: Viewer | None, status: str, note: str = "", ended_reason: str = ""
) -> Handover:
    """Move the handover to another status and record the change (who, when, from, to, why)."""
    locked = Handover.objects.select_for_update().get(pk=handover.pk)
    if locked.status == status:
        raise DomainError(_("The handover already has this status."), field="status")
    _check_status(status, ended_reason)
    previous = locked.status
    locked.status = status
    locked.ended_reason = ended_reason.strip() if status == HandoverStatus.ENDED else ""
    locked.status_since = timezone.now()
    locked.save(update_fields=["status", "ended_reason", "status_since", "updated_at"])
    HandoverEvent.objects.create(
        handover=locked, from_status=previous, to_status=status, by=account(by), note=(note or ended_reason).strip()
    )
    log_action(
        "continuation.status_changed",
        actor=by,
        target=locked,
        lab=handover.result.lab_id,
        data={"from": previous, "to": status},
    )
    handover.status, handover.ended_reason, handover.status_since = (
        locked.status,
        locked.ended_reason,
        locked.status_since,
    )
    return handover


@transaction.atomic
def handover_delete(*, handover: Handover, by: Viewer | None) -> None:
    log_action("continuation.handover_deleted", actor=by, target=handover, lab=handover.result.lab_id)
    handover.delete()


def followup_reminder_time(*, due_on: dt.date) -> dt.datetime:
    """When the reminder for a follow-up due on ``due_on`` goes out: 8 o'clock, seven days before."""
    day = due_on - dt.timedelta(days=REMINDER_DAYS_BEFORE)
    return dt.datetime.combine(day, dt.time(REMINDER_HOUR), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def followup_add(*, handover: Handover, by: Viewer | None, due_on: dt.date, note: str) -> FollowUp:
    followup = FollowUp(handover=handover, due_on=due_on, note=note.strip())
    followup.full_clean()
    followup.save()
    log_action(
        "continuation.followup_added",
        actor=by,
        target=handover,
        lab=handover.result.lab_id,
        data={"followup": followup.pk, "due_on": due_on.isoformat()},
    )
    transaction.on_commit(lambda: _schedule_reminder(followup), robust=True)
    return followup


def _schedule_reminder(followup: FollowUp) -> None:
    """Where the task backend can run tasks later, queue the reminder; the housekeeping command is the safety net."""
    from kosilab.continuation.tasks import send_followup_reminder

    try:
        enqueue_at(send_followup_reminder, followup_reminder_time(due_on=followup.due_on), followup_id=followup.pk)
    except Exception:
        logger.exception("Could not schedule the reminder for follow-up %s.", followup.pk)


@transaction.atomic
def followup_done(*, followup: FollowUp, by: Viewer | None) -> FollowUp:
    if followup.done_at is not None:
        raise DomainError(_("This follow-up has already been done."))
    followup.done_at = timezone.now()
    followup.save(update_fields=["done_at"])
    log_action(
        "continuation.followup_done",
        actor=by,
        target=followup.handover,
        lab=followup.handover.result.lab_id,
        data={"followup": followup.pk},
    )
    return followup


def handover_reminder_recipients(*, handover: Handover) -> list[Any]:
    """Those who steer the process: its leads and facilitators, and the lab team."""
    process = handover.result.process
    users: dict[int, Any] = {}
    for member in ProcessMember.objects.filter(
        process=process, role__in=[MemberRole.LEAD, MemberRole.FACILITATOR]
    ).select_related("user"):
        users[member.user.pk] = member.user
    for membership in LabMembership.objects.filter(lab_id=process.lab_id).select_related("user"):
        users[membership.user.pk] = membership.user
    return [user for user in users.values() if user.is_active and user.email]


def _due(now: dt.datetime) -> Q:
    today = timezone.localdate(now)
    return Q(
        done_at__isnull=True,
        reminder_sent_at__isnull=True,
        due_on__lte=today + dt.timedelta(days=REMINDER_DAYS_BEFORE),
    )


def followup_remind(*, followup_id: int, now: dt.datetime | None = None) -> bool:
    """Send the reminder for one follow-up if it is due and was not sent; at most once (a conditional update)."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = FollowUp.objects.filter(_due(now), pk=followup_id).update(reminder_sent_at=now)
        if not claimed:
            return False
        followup = FollowUp.objects.select_related(
            "handover", "handover__result", "handover__result__process", "handover__taker_organisation"
        ).get(pk=followup_id)
        handover = followup.handover
        link = site_url() + handover.get_absolute_url()
        for user in handover_reminder_recipients(handover=handover):
            send_templated_mail(
                to=user.email,
                language=getattr(user, "language", settings.LANGUAGE_CODE),
                template="continuation/mail/followup_reminder",
                context={
                    "followup": followup,
                    "handover": handover,
                    "result": handover.result,
                    "link": link,
                    "user": user,
                },
            )
        log_action(
            "continuation.reminder_sent",
            actor=None,
            target=handover,
            lab=handover.result.lab_id,
            data={"followup": followup.pk},
        )
    return True


def followups_remind_due(*, now: dt.datetime | None = None) -> int:
    """Every reminder that is due (follow-ups within the next seven days, not done, not reminded yet)."""
    now = now or timezone.now()
    ids = list(FollowUp.objects.filter(_due(now)).order_by("due_on", "id").values_list("pk", flat=True))
    return sum(followup_remind(followup_id=pk, now=now) for pk in ids)
