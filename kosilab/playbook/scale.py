"""Synthetic playbooks in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py): one per lab,
the phases reached done (the last one in progress), and self-assessments that answer every question."""

from __future__ import annotations

import datetime

from kosilab.core.scale import ScaleContext
from kosilab.labs.scale import LabInfo
from kosilab.playbook.content import DIMENSIONS, PHASES
from kosilab.playbook.models import Assessment, AssessmentAnswer, BlockState, Playbook

ASSESSMENTS_PER_LAB = (1, 6)


def playbooks(ctx: ScaleContext, labs: list[LabInfo]) -> None:
    """A playbook per lab with block states and ``ASSESSMENTS_PER_LAB`` self-assessments."""
    rng = ctx.rng
    saved = ctx.bulk(Playbook, [Playbook(lab=info.lab) for info in labs])
    states: list[BlockState] = []
    assessments: list[Assessment] = []
    for playbook, info in zip(saved, labs, strict=True):
        reached = rng.randint(0, len(PHASES))
        for number, phase in enumerate(PHASES):
            for block in phase.blocks:
                if number < reached:
                    states.append(
                        BlockState(
                            playbook=playbook,
                            block_key=block.key,
                            notes="Geklärt in der Steuerungsrunde.",
                            status="done" if number < reached - 1 else "in_progress",
                            updated_by=info.manager,
                        )
                    )
        for index in range(rng.randint(*ASSESSMENTS_PER_LAB)):
            assessments.append(
                Assessment(
                    playbook=playbook,
                    taken_at=ctx.now - datetime.timedelta(days=90 * (index + 1)),
                    taken_by=info.manager,
                )
            )
    ctx.bulk(BlockState, states)
    assessments = ctx.bulk(Assessment, assessments)
    answers = [
        AssessmentAnswer(assessment=assessment, question_key=question.key, score=rng.randint(0, 4))
        for assessment in assessments
        for dimension in DIMENSIONS
        for question in dimension.questions
    ]
    ctx.bulk(AssessmentAnswer, answers)
    ctx.progress(f"{len(saved)} playbooks with {len(assessments)} self-assessments")
