"""Synthetic handovers in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py): about a
third of the public results are handed over to a unit of the city administration."""

from __future__ import annotations

from kosilab.actors.scale import PUBLIC_UNITS
from kosilab.continuation.models import Handover
from kosilab.core.scale import ScaleContext
from kosilab.labs.scale import LabInfo
from kosilab.results.models import Result


def handovers(ctx: ScaleContext, labs: list[LabInfo], results: list[Result]) -> None:
    """Handovers of some of the public ``results``."""
    rng = ctx.rng
    by_lab = {info.lab.pk: info for info in labs}
    objs = [
        Handover(
            result=result,
            taker_kind="administration",
            taker_name=f"Stadt, {rng.choice(PUBLIC_UNITS)}",
            form=rng.choice(["regular_service", "project", "administrative_structure"]),
            funding="Kommunaler Haushalt",
            status=rng.choice(["planned", "handing_over", "continued"]),
            created_by=by_lab[result.lab_id].manager,
        )
        for result in results
        if result.visibility == "public" and rng.random() < 0.3
    ]
    ctx.bulk(Handover, objs)
    ctx.progress(f"{len(objs)} handovers")
