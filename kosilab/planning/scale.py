"""Synthetic session plans in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py): a share
of the running processes has a plan within two months of today, its blocks mostly methods of the
shared library, numbered from 0."""

from __future__ import annotations

import datetime

from kosilab.core.scale import ScaleContext
from kosilab.labs.scale import LabInfo
from kosilab.methods.scale import shared_methods
from kosilab.planning.models import Block, Session
from kosilab.planning.services import block_default_minutes
from kosilab.processes.models import Process, ProcessStatus

SESSIONS_SHARE = 0.2  # of the running processes have a session plan
BLOCKS_PER_SESSION = (4, 8)


def sessions(ctx: ScaleContext, labs: list[LabInfo]) -> None:
    """Session plans with blocks for about ``SESSIONS_SHARE`` of the running processes of ``labs``."""
    rng = ctx.rng
    shared = shared_methods()
    by_lab = {info.lab.pk: info for info in labs}
    running = list(Process.objects.filter(lab_id__in=by_lab, status=ProcessStatus.RUNNING).order_by("pk"))
    chosen = [p for p in running if rng.random() < SESSIONS_SHARE]
    objs = [
        Session(
            lab_id=process.lab_id,
            process=process,
            title=f"Sitzung: {process.title[:150]}",
            date=ctx.today + datetime.timedelta(days=rng.randint(-60, 60)),
            starts_at=datetime.time(rng.choice([9, 10, 14, 17])),
            slot_minutes=rng.choice([120, 180, 240]),
            created_by=by_lab[process.lab_id].facilitators[0],
        )
        for process in chosen
    ]
    saved = ctx.bulk(Session, objs)
    blocks: list[Block] = []
    for session in saved:
        for position in range(rng.randint(*BLOCKS_PER_SESSION)):
            method = rng.choice(shared) if shared and rng.random() < 0.7 else None
            blocks.append(
                Block(
                    session=session,
                    position=position,
                    method=method,
                    title=method.title_de if method else rng.choice(["Begrüßung", "Pause", "Abschluss"]),
                    minutes=block_default_minutes(method=method) if method else rng.choice([10, 15, 20]),
                )
            )
    ctx.bulk(Block, blocks)
    ctx.progress(f"{len(saved)} session plans with {len(blocks)} blocks")
