"""Synthetic sustainability records in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py):
per lab a mandate (some tied to a term of office), sponsors, a few funding records with ends spread
from months ago to years ahead, and renewal decisions on some of them. Dates in order, as the
services and the constraints want them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from kosilab.core.scale import ScaleContext
from kosilab.labs.scale import LabInfo
from kosilab.sustainability.models import Funding, Mandate, RenewalDecision, Sponsor

FUNDERS = (
    "Kommunaler Haushalt",
    "Europäischer Sozialfonds Plus (ESF Plus)",
    "Bundesministerium für Bildung und Forschung (BMBF)",
    "Landesprogramm Soziale Innovation",
    "Stiftung Mercator",
    "Sparkassenstiftung",
)
FUNDING_PER_LAB = (1, 4)


def _days(ctx: ScaleContext, low: int, high: int) -> datetime.date:
    return ctx.today + datetime.timedelta(days=ctx.rng.randint(low, high))


def watch(ctx: ScaleContext, labs: list[LabInfo]) -> None:
    """Mandates, sponsors, funding and decisions of ``labs``."""
    rng = ctx.rng
    mandates: list[Mandate] = []
    sponsors: list[Sponsor] = []
    funding: list[Funding] = []
    for info in labs:
        start = _days(ctx, -2000, -200)
        tied = rng.random() < 0.4
        mandates.append(
            Mandate(
                lab=info.lab,
                title="Ratsbeschluss zur Einrichtung des Labors",
                issued_by="Rat der Stadt",
                kind=rng.choice(["council_decision", "executive_decision", "contract"]),
                starts_on=start,
                ends_on=None if tied else _days(ctx, -100, 1500),
                tied_to_term=tied,
                term_ends_on=_days(ctx, -60, 1800) if tied else None,
                reporting_line="Ausschuss für Wirtschaft",
            )
        )
        sponsors.append(Sponsor(lab=info.lab, label="Büro des Oberbürgermeisters", role="political", since=start))
        for _ in range(rng.randint(*FUNDING_PER_LAB)):
            starts = _days(ctx, -1500, -30)
            funding.append(
                Funding(
                    lab=info.lab,
                    funder=rng.choice(FUNDERS),
                    programme="Programm",
                    amount_per_year=Decimal(rng.randint(10, 400) * 1000),
                    starts_on=starts,
                    ends_on=None if rng.random() < 0.3 else max(starts, _days(ctx, -200, 900)),
                )
            )
    ctx.bulk(Mandate, mandates)
    ctx.bulk(Sponsor, sponsors)
    saved = ctx.bulk(Funding, funding)
    decisions = [
        RenewalDecision(
            lab_id=record.lab_id,
            funding=record,
            decided_on=max(record.starts_on, ctx.today - datetime.timedelta(days=rng.randint(1, 60))),
            decided_by="Fördergeber",
            outcome="pending",
        )
        for record in saved
        if record.ends_on is not None and rng.random() < 0.3
    ]
    ctx.bulk(RenewalDecision, decisions)
    ctx.progress(f"{len(mandates)} mandates, {len(funding)} funding records, {len(decisions)} renewal decisions")
