"""Reads for the playbook: states per key, progress per phase, assessments and their scores.

A lab without a Playbook row yet reads as an empty playbook (nothing written, nothing ticked, no
assessment): the pages never write. Every read here is a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils.formats import number_format

from kosilab.accounts.models import User
from kosilab.labs.models import Lab
from kosilab.playbook.content import DIMENSIONS, PHASES, QUESTION_DIMENSION, Phase
from kosilab.playbook.models import Assessment, AssessmentAnswer, BlockState, BlockStatus, ChecklistState

# --- Scores ------------------------------------------------------------------------------------


def dimension_scores(answers: Mapping[str, int]) -> dict[str, float | None]:
    """Score per dimension: the mean of its answered questions (0–4), None if none answered."""
    sums: dict[str, list[int]] = {dimension.key: [] for dimension in DIMENSIONS}
    for question_key, score in answers.items():
        dimension_key = QUESTION_DIMENSION.get(question_key)
        if dimension_key is not None:
            sums[dimension_key].append(score)
    return {key: (sum(values) / len(values) if values else None) for key, values in sums.items()}


def answers_of(assessment: Assessment) -> dict[str, int]:
    """The answers as a mapping; uses prefetched answers when there are any."""
    return {answer.question_key: answer.score for answer in assessment.answers.all()}


def overall_score(scores: Mapping[str, float | None]) -> float | None:
    """The mean of the dimension scores (each dimension weighs the same)."""
    values = [value for value in scores.values() if value is not None]
    return sum(values) / len(values) if values else None


def format_score(value: float | None, *, signed: bool = False) -> str:
    """A score with one decimal in the current language ("2.5", "2,5"); "–" for none; "+0.5" if signed."""
    if value is None:
        return "–"
    text = number_format(round(value, 1), decimal_pos=1, use_l10n=True)
    return f"+{text}" if signed and round(value, 1) > 0 else text


@dataclass(frozen=True)
class ScoreRow:
    """One dimension in a comparison table: earlier score, latest score and the change."""

    key: str
    title: Any
    earlier: float | None
    latest: float | None

    @property
    def change(self) -> float | None:
        if self.earlier is None or self.latest is None:
            return None
        return self.latest - self.earlier


def compare(latest: Assessment | None, earlier: Assessment | None) -> list[ScoreRow]:
    latest_scores = dimension_scores(answers_of(latest)) if latest else {}
    earlier_scores = dimension_scores(answers_of(earlier)) if earlier else {}
    return [ScoreRow(d.key, d.title, earlier_scores.get(d.key), latest_scores.get(d.key)) for d in DIMENSIONS]


# --- States and progress -----------------------------------------------------------------------


def block_states(lab: Lab) -> dict[str, BlockState]:
    states = BlockState.objects.filter(playbook__lab_id=lab.pk).select_related("responsible", "updated_by")
    return {state.block_key: state for state in states}


def checklist_states(lab: Lab) -> dict[str, ChecklistState]:
    states = ChecklistState.objects.filter(playbook__lab_id=lab.pk).select_related("done_by")
    return {state.item_key: state for state in states}


@dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    checklist_done: int
    blocks_done: int
    blocks_in_progress: int

    @property
    def checklist_total(self) -> int:
        return len(self.phase.checklist)

    @property
    def blocks_total(self) -> int:
        return len(self.phase.blocks)

    @property
    def percent(self) -> int:
        """Share of checklist items and building blocks done, 0–100."""
        total = self.checklist_total + self.blocks_total
        return round(100 * (self.checklist_done + self.blocks_done) / total) if total else 0

    @property
    def complete(self) -> bool:
        return self.checklist_done == self.checklist_total and self.blocks_done == self.blocks_total

    @property
    def started(self) -> bool:
        return bool(self.checklist_done or self.blocks_done or self.blocks_in_progress)


def progress(blocks: Mapping[str, BlockState], checklist: Mapping[str, ChecklistState]) -> list[PhaseProgress]:
    rows = []
    for phase in PHASES:
        statuses = [blocks[b.key].status if b.key in blocks else BlockStatus.OPEN for b in phase.blocks]
        rows.append(
            PhaseProgress(
                phase=phase,
                checklist_done=sum(1 for item in phase.checklist if item.key in checklist and checklist[item.key].done),
                blocks_done=statuses.count(BlockStatus.DONE),
                blocks_in_progress=statuses.count(BlockStatus.IN_PROGRESS),
            )
        )
    return rows


def lab_progress(lab: Lab) -> list[PhaseProgress]:
    """Progress per phase, in two queries (the rows are small: at most one per key)."""
    blocks = {
        key: BlockState(block_key=key, status=status)
        for key, status in BlockState.objects.filter(playbook__lab_id=lab.pk).values_list("block_key", "status")
    }
    checklist = {
        key: ChecklistState(item_key=key, done=True)
        for key in ChecklistState.objects.filter(playbook__lab_id=lab.pk, done=True).values_list("item_key", flat=True)
    }
    return progress(blocks, checklist)


def lab_team(lab: Lab) -> list[User]:
    """The lab's team, for choosing a responsible person."""
    return list(User.objects.filter(lab_memberships__lab_id=lab.pk).order_by("name", "id"))


# --- Assessments -------------------------------------------------------------------------------


def _answers() -> Prefetch[str, QuerySet[AssessmentAnswer], str]:
    return Prefetch("answers", queryset=AssessmentAnswer.objects.only("assessment_id", "question_key", "score"))


def lab_assessments(lab: Lab) -> QuerySet[Assessment]:
    """A lab's assessments, newest first, with their answers and who took them."""
    return (
        Assessment.objects.filter(playbook__lab_id=lab.pk)
        .select_related("taken_by")
        .prefetch_related(_answers())
        .order_by("-taken_at", "-id")
    )


def first_and_latest(lab: Lab) -> tuple[Assessment | None, Assessment | None, int]:
    """The first and the latest assessment (the same object if there is only one) and how many there are."""
    assessments = Assessment.objects.filter(playbook__lab_id=lab.pk).select_related("taken_by")
    total = assessments.count()
    latest = assessments.order_by("-taken_at", "-id").first() if total else None
    first = assessments.order_by("taken_at", "id").first() if total else None
    if first is None or latest is None:
        return None, None, 0
    if first.pk == latest.pk:
        first = latest
    prefetch_related_objects([latest] if first is latest else [first, latest], _answers())
    return first, latest, total


def assessment_with_predecessor(lab: Lab, pk: int) -> tuple[Assessment, Assessment | None]:
    """One assessment of the lab and the one before it. Raises Assessment.DoesNotExist."""
    assessments = Assessment.objects.filter(playbook__lab_id=lab.pk).select_related("taken_by")
    assessment = assessments.get(pk=pk)
    predecessor = (
        assessments.filter(taken_at__lte=assessment.taken_at)
        .exclude(pk=assessment.pk)
        .exclude(taken_at=assessment.taken_at, pk__gt=assessment.pk)
        .order_by("-taken_at", "-id")
        .first()
    )
    prefetch_related_objects([a for a in (assessment, predecessor) if a is not None], _answers())
    return assessment, predecessor


@dataclass(frozen=True)
class HistoryRow:
    assessment: Assessment
    scores: list[float | None]
    overall: float | None


def history(assessments: Iterable[Assessment]) -> list[HistoryRow]:
    """Scores per dimension (in the order of DIMENSIONS) for each assessment."""
    rows = []
    for assessment in assessments:
        scores = dimension_scores(answers_of(assessment))
        rows.append(HistoryRow(assessment, [scores[d.key] for d in DIMENSIONS], overall_score(scores)))
    return rows


def series_values(assessment: Assessment) -> list[float]:
    """Scores in the order of DIMENSIONS, for a chart (an unanswered dimension counts as 0)."""
    scores = dimension_scores(answers_of(assessment))
    return [scores[d.key] or 0.0 for d in DIMENSIONS]


def dimension_titles() -> Sequence[str]:
    return [str(d.title) for d in DIMENSIONS]


def progress_of_labs(lab_ids: list[int]) -> dict[int, list[PhaseProgress]]:
    """The playbook's progress per phase of each lab, in two queries whatever the number of labs."""
    blocks: dict[int, dict[str, BlockState]] = {lab_id: {} for lab_id in lab_ids}
    checklist: dict[int, dict[str, ChecklistState]] = {lab_id: {} for lab_id in lab_ids}
    states = BlockState.objects.filter(playbook__lab_id__in=lab_ids)
    for lab_id, key, status in states.values_list("playbook__lab_id", "block_key", "status"):
        blocks[lab_id][key] = BlockState(block_key=key, status=status)
    done = ChecklistState.objects.filter(playbook__lab_id__in=lab_ids, done=True)
    for lab_id, key in done.values_list("playbook__lab_id", "item_key"):
        checklist[lab_id][key] = ChecklistState(item_key=key, done=True)
    return {lab_id: progress(blocks[lab_id], checklist[lab_id]) for lab_id in lab_ids}


def overall_percent(phases: Sequence[PhaseProgress]) -> int:
    """Share of all checklist items and building blocks done, 0–100."""
    done = sum(p.checklist_done + p.blocks_done for p in phases)
    total = sum(p.checklist_total + p.blocks_total for p in phases)
    return round(100 * done / total) if total else 0
