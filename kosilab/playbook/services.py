"""Writes for the playbook: building-block states, the checklist and readiness self-assessments.

The Playbook row of a lab is created by its first write (:func:`playbook_get_or_create`); reading pages
never write. Keys are checked against content.py, so a state for a block, item or question that
does not exist is refused. Saving what is already stored changes nothing and logs nothing, so a
double click or a retry is harmless. An assessment is a snapshot: it is created whole (every
question answered, each score 0–4) and never edited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kosilab.accounts.types import Viewer, account
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.labs.models import Lab, LabMembership
from kosilab.playbook.content import (
    BLOCK_BY_KEY,
    ITEM_BY_KEY,
    PHASE_BY_KEY,
    QUESTION_BY_KEY,
    SCORE_MAX,
    SCORE_MIN,
)
from kosilab.playbook.models import (
    NAME_MAX,
    NOTES_MAX,
    Assessment,
    AssessmentAnswer,
    BlockState,
    BlockStatus,
    ChecklistState,
    Playbook,
)
from kosilab.playbook.selectors import dimension_scores

NOTE_MAX = 2000


def playbook_get_or_create(*, lab: Lab) -> Playbook:
    """The lab's playbook, created if it does not exist yet (safe against a concurrent first write)."""
    return Playbook.objects.get_or_create(lab=lab)[0]


def _clean_text(value: str, *, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError(
            ngettext(
                "Please shorten this text to at most %(limit)d character.",
                "Please shorten this text to at most %(limit)d characters.",
                limit,
            )
            % {"limit": limit},
            field=field,
        )
    return value


# --- Building blocks ---------------------------------------------------------------------------


def _locked_playbook(lab: Lab) -> Playbook:
    """The lab's playbook, locked until the transaction ends: writes to one playbook queue up."""
    playbook = playbook_get_or_create(lab=lab)
    return Playbook.objects.select_for_update().get(pk=playbook.pk)


def _save_block(
    lab: Lab,
    block_key: str,
    by: Viewer | None,
    *,
    notes: str,
    status: str,
    responsible: Any | None,
    responsible_name: str,
) -> tuple[BlockState, bool]:
    """The write behind :func:`block_update`; must run in a transaction. Returns (state, changed)."""
    if block_key not in BLOCK_BY_KEY:
        raise DomainError(_("This building block does not exist."))
    if status not in BlockStatus.values:
        raise DomainError(_("Please choose a valid status."), field="status")
    values: dict[str, Any] = {
        "notes": _clean_text(notes, limit=NOTES_MAX, field="notes"),
        "status": status,
        "responsible_id": responsible.pk if responsible is not None else None,
        "responsible_name": _clean_text(responsible_name, limit=NAME_MAX, field="responsible_name"),
    }
    playbook = _locked_playbook(lab)
    state = BlockState.objects.filter(playbook=playbook, block_key=block_key).first()
    if state is None:
        state = BlockState(playbook=playbook, block_key=block_key)  # unsaved until something is in it
    changed = [name for name, value in values.items() if getattr(state, name) != value]
    if not changed:
        return state, False
    new_responsible = values["responsible_id"] if "responsible_id" in changed else None
    if new_responsible is not None and not LabMembership.objects.filter(lab=lab, user_id=new_responsible).exists():
        raise DomainError(_("Please choose a person from the lab's team."), field="responsible")
    for name, value in values.items():
        setattr(state, name, value)
    state.updated_by = account(by)
    state.full_clean(exclude=["playbook", "responsible", "updated_by"], validate_constraints=False)
    state.save()
    log_action(
        "playbook.block.updated",
        actor=by,
        target=playbook,
        lab=lab,
        data={"block": block_key, "status": status, "fields": [name.removesuffix("_id") for name in changed]},
    )
    return state, True


def block_update(
    *,
    lab: Lab,
    block_key: str,
    by: Viewer | None,
    notes: str = "",
    status: str = BlockStatus.OPEN,
    responsible: Any | None = None,
    responsible_name: str = "",
) -> BlockState:
    """Save notes, responsible person and status of one building block.

    The responsible person is chosen from the lab's team (or named in free text, for somebody
    without an account); a person who has left the team stays responsible until changed. Saving
    what is stored already writes and logs nothing; an untouched block gets no row.
    """
    with transaction.atomic():
        state, _changed = _save_block(
            lab,
            block_key,
            by,
            notes=notes,
            status=status,
            responsible=responsible,
            responsible_name=responsible_name,
        )
    return state


# --- Checklist ---------------------------------------------------------------------------------


def _set_item(playbook: Playbook, item_key: str, done: bool, by: Viewer | None) -> bool:
    """Tick or untick one item; True if it changed. A conditional update: exactly one change wins."""
    state = ChecklistState.objects.get_or_create(playbook=playbook, item_key=item_key)[0]
    user = account(by)
    if done:
        values: dict[str, Any] = {"done": True, "done_at": timezone.now(), "done_by": user}
    else:
        values = {"done": False, "done_at": None, "done_by": None}
    return bool(ChecklistState.objects.filter(pk=state.pk, done=not done).update(**values))


def checklist_set(*, lab: Lab, item_key: str, done: bool, by: Viewer | None) -> bool:
    """Tick (or untick) one checklist item. Idempotent; returns whether anything changed."""
    if item_key not in ITEM_BY_KEY:
        raise DomainError(_("This checklist item does not exist."))
    with transaction.atomic():
        playbook = _locked_playbook(lab)
        changed = _set_item(playbook, item_key, done, by)
        if changed:
            log_action("playbook.checklist.changed", actor=by, target=playbook, lab=lab, data={item_key: done})
    return changed


# --- A whole phase page ------------------------------------------------------------------------


def phase_save(
    *,
    lab: Lab,
    phase_key: str,
    blocks: Mapping[str, Mapping[str, Any]],
    tick: Iterable[str] = (),
    untick: Iterable[str] = (),
    by: Viewer | None,
) -> bool:
    """Save what changed on a phase page at once, all or nothing: building blocks and ticks.

    ``blocks`` maps a theme to the keyword arguments of :func:`block_update` (only the blocks the
    person changed); ``tick`` and ``untick`` name the checklist items they ticked and unticked, so
    that others' changes to other parts of the phase stay. A refusal names the field with the
    block's prefix ("goals-responsible"), as the page's forms do. Returns whether anything changed.
    """
    phase = PHASE_BY_KEY.get(phase_key)
    if phase is None:
        raise DomainError(_("This phase does not exist."))
    if set(blocks) - {block.theme for block in phase.blocks}:
        raise DomainError(_("This building block does not exist."))
    tick, untick = set(tick), set(untick)
    if (tick | untick) - {item.key for item in phase.checklist}:
        raise DomainError(_("Please tick only items of this phase's checklist."), field="done")
    if tick & untick:
        raise DomainError(_("An item cannot be ticked and unticked at once."), field="done")
    with transaction.atomic():
        changed = False
        for block in phase.blocks:
            if block.theme not in blocks:
                continue
            values: dict[str, Any] = {
                "notes": "",
                "status": BlockStatus.OPEN,
                "responsible": None,
                "responsible_name": "",
            }
            values.update(blocks[block.theme])
            try:
                _state, block_changed = _save_block(lab, block.key, by, **values)
            except DomainError as error:
                field = f"{block.theme}-{error.field}" if error.field else None
                raise DomainError(error.message, field=field) from error
            changed = changed or block_changed
        if tick or untick:
            playbook = _locked_playbook(lab)
            flipped = [key for key in sorted(tick | untick) if _set_item(playbook, key, key in tick, by)]
            if flipped:
                changed = True
                log_action(
                    "playbook.checklist.changed",
                    actor=by,
                    target=playbook,
                    lab=lab,
                    data={key: key in tick for key in flipped},
                )
    return changed


# --- Readiness self-assessment -----------------------------------------------------------------


def assessment_create(
    *,
    lab: Lab,
    by: Viewer | None,
    answers: Mapping[str, int],
    note: str = "",
    taken_at: datetime | None = None,
) -> Assessment:
    """Take a readiness self-assessment: every question answered with a score from 0 to 4.

    ``taken_at`` (not in the future) is for loading earlier assessments, e.g. the demo.
    """
    unknown = sorted(set(answers) - set(QUESTION_BY_KEY))
    if unknown:
        raise DomainError(_("Unknown question: %(keys)s") % {"keys": ", ".join(unknown)})
    missing = [key for key in QUESTION_BY_KEY if answers.get(key) is None]
    if missing:
        raise DomainError(
            ngettext(
                "Please answer every question: %(count)d question is not answered yet.",
                "Please answer every question: %(count)d questions are not answered yet.",
                len(missing),
            )
            % {"count": len(missing)}
        )
    scores: dict[str, int] = {}
    for key, score in answers.items():
        if isinstance(score, bool) or not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
            raise DomainError(
                _("Each answer must be a score from %(low)d to %(high)d.") % {"low": SCORE_MIN, "high": SCORE_MAX},
                field=key,
            )
        scores[key] = score
    note = _clean_text(note, limit=NOTE_MAX, field="note")
    now = timezone.now()
    if taken_at is not None and taken_at > now:
        raise DomainError(_("An assessment cannot be taken in the future."))
    with transaction.atomic():
        playbook = playbook_get_or_create(lab=lab)
        assessment = Assessment.objects.create(
            playbook=playbook,
            taken_at=taken_at or now,
            taken_by=account(by),
            note=note,
        )
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(assessment=assessment, question_key=key, score=score) for key, score in scores.items()
        )
        log_action(
            "playbook.assessment.taken",
            actor=by,
            target=assessment,
            lab=lab,
            data={"scores": dimension_scores(scores)},
        )
    return assessment
