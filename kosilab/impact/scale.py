"""Synthetic indicators in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py): up to a few
per process, each with monthly measurements going back from today."""

from __future__ import annotations

import datetime
from decimal import Decimal

from kosilab.actors.scale import INTERESTS
from kosilab.core.scale import ScaleContext
from kosilab.impact.models import Indicator, Measurement
from kosilab.labs.scale import LabInfo
from kosilab.processes.models import Process

INDICATORS_PER_PROCESS = (0, 3)
MEASUREMENTS_PER_INDICATOR = (1, 12)


def indicators(ctx: ScaleContext, labs: list[LabInfo]) -> None:
    """Indicators of the processes of ``labs``, with measurements."""
    rng = ctx.rng
    processes = list(Process.objects.filter(lab_id__in=[info.lab.pk for info in labs]).order_by("pk"))
    objs: list[Indicator] = []
    for process in processes:
        for position in range(rng.randint(*INDICATORS_PER_PROCESS)):
            objs.append(
                Indicator(
                    lab_id=process.lab_id,
                    process=process,
                    name=f"Beteiligte Menschen ({rng.choice(INTERESTS)})",
                    unit="Personen",
                    level=rng.choice(["input", "output", "outcome", "impact"]),
                    baseline=Decimal(rng.randint(0, 50)),
                    target=Decimal(rng.randint(60, 300)),
                    target_date=ctx.today + datetime.timedelta(days=rng.randint(100, 900)),
                    sdg=rng.choice([None, 8, 11, 13]),
                    position=position,
                )
            )
    saved = ctx.bulk(Indicator, objs)
    measurements = [
        Measurement(
            indicator=indicator,
            measured_on=ctx.today - datetime.timedelta(days=30 * step + 1),
            value=Decimal(rng.randint(0, 300)),
            source="Teilnahmelisten",
        )
        for indicator in saved
        for step in range(rng.randint(*MEASUREMENTS_PER_INDICATOR))
    ]
    ctx.bulk(Measurement, measurements)
    ctx.progress(f"{len(saved)} indicators, {len(measurements)} measurements")
