"""Synthetic results in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py): up to a few
per process, most of them public."""

from __future__ import annotations

from kosilab.actors.scale import INTERESTS
from kosilab.core.scale import ScaleContext
from kosilab.labs.scale import LabInfo
from kosilab.processes.models import Process
from kosilab.results.models import Result

RESULTS_PER_PROCESS = (0, 4)


def results(ctx: ScaleContext, labs: list[LabInfo]) -> list[Result]:
    """Results of the processes of ``labs``, written by the lab manager."""
    rng = ctx.rng
    by_lab = {info.lab.pk: info for info in labs}
    processes = list(Process.objects.filter(lab_id__in=by_lab).order_by("pk"))
    objs: list[Result] = []
    for process in processes:
        for _ in range(rng.randint(*RESULTS_PER_PROCESS)):
            objs.append(
                Result(
                    process=process,
                    lab_id=process.lab_id,
                    kind=rng.choice(["decision", "prototype", "test_report"]),
                    title=f"Ergebnis: {rng.choice(INTERESTS)}",
                    summary="Was wir in dieser Phase festgehalten haben.",
                    visibility=rng.choice(["public", "public", "draft"]),
                    created_by=by_lab[process.lab_id].manager,
                )
            )
    saved = ctx.bulk(Result, objs)
    ctx.progress(f"{len(saved)} results")
    return saved
