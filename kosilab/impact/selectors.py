"""Reads for the impact pages: indicators with their latest value, measurements, and the lab dashboard.

Every list is aggregated in the database (subqueries and GROUP BY), so a page asks a fixed number
of queries however many indicators, measurements, processes or team members there are.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from kosilab.accounts.types import Viewer
from kosilab.core.queries import count_of
from kosilab.core.sectors import Sector
from kosilab.impact.models import DECIMALS, DIGITS, LEVEL_ORDER, Indicator, Level, Measurement
from kosilab.impact.policies import indicator_policy
from kosilab.labs.models import DEFAULT_PHASE_LABELS, Lab
from kosilab.processes.models import Process, ProcessMember, ProcessStatus
from kosilab.processes.selectors import visible_processes

QUARTERS = 8


def indicator_queryset() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("lab", "process", "process__lab")


def with_latest(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Annotate ``latest_value``, ``latest_on`` (the newest measurement) and ``measurement_total``."""
    newest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on", "-pk")
    return indicators.annotate(
        latest_value=Subquery(
            newest.values("value")[:1], output_field=DecimalField(max_digits=DIGITS, decimal_places=DECIMALS)
        ),
        latest_on=Subquery(newest.values("measured_on")[:1], output_field=DateField()),
        measurement_total=count_of(Measurement.objects.all(), "indicator"),
    )


def _chain_order(indicators: Iterable[Indicator]) -> list[Indicator]:
    return sorted(indicators, key=lambda i: (LEVEL_ORDER.get(i.level, 9), i.position, i.pk))


@dataclass(frozen=True)
class LevelGroup:
    level: Level
    indicators: list[Indicator]


def by_level(indicators: Iterable[Indicator]) -> list[LevelGroup]:
    """The indicators grouped by level, in chain order input → output → outcome → impact (all four levels)."""
    ordered = _chain_order(indicators)
    return [LevelGroup(level, [i for i in ordered if i.level == level]) for level in Level]


def process_indicators(process: Process) -> list[Indicator]:
    return _chain_order(with_latest(Indicator.objects.filter(process=process)))


def measurements(indicator: Indicator) -> list[Measurement]:
    return list(indicator.measurements.order_by("measured_on", "pk"))


def lab_processes(user: Viewer, lab: Lab) -> QuerySet[Process]:
    """The lab's processes that ``user`` may see."""
    return visible_processes(user).filter(lab=lab)


def lab_indicators(user: Viewer, lab: Lab) -> QuerySet[Indicator]:
    """Indicators of the whole lab and of the lab's processes that ``user`` may see (the lab is
    visible to them), ordered in the database so that the dashboard can show them a page at a time:
    the whole lab's first, then by process, each in chain order (input → impact), then position."""
    indicators = indicator_policy.visible(user, Indicator.objects.filter(lab=lab))
    chain = Case(*(When(level=value, then=Value(index)) for value, index in LEVEL_ORDER.items()), default=Value(9))
    whole_lab_first = Case(When(process__isnull=True, then=Value(0)), default=Value(1))
    return with_latest(indicators.select_related("process")).order_by(
        whole_lab_first, "process__title", "process_id", chain, "position", "pk"
    )


def processes_per_phase(user: Viewer, lab: Lab) -> list[tuple[str, int]]:
    """Running processes counted by the label of their current phase, in phase order."""
    rows = (
        lab_processes(user, lab)
        .filter(status=ProcessStatus.RUNNING)
        .values("current_phase__key", "current_phase__name")
        .annotate(n=Count("pk"), order=Min("current_phase__position"))
        .order_by("order", "current_phase__key", "current_phase__name")
    )
    counts: dict[str, int] = {}
    for row in rows:
        key, name = row["current_phase__key"], row["current_phase__name"]
        label = name or (str(DEFAULT_PHASE_LABELS.get(key, key)) if key else "—")
        counts[label] = counts.get(label, 0) + row["n"]
    return list(counts.items())


@dataclass(frozen=True)
class SectorSeries:
    quarters: list[datetime.date]
    rows: list[tuple[Sector, list[int]]]

    @property
    def totals(self) -> list[int]:
        return [sum(values[index] for _sector, values in self.rows) for index in range(len(self.quarters))]

    @property
    def total(self) -> int:
        return sum(self.totals)


def quarter_starts(today: datetime.date, count: int = QUARTERS) -> list[datetime.date]:
    """The first days of the last ``count`` quarters, the current one last."""
    index = today.year * 4 + (today.month - 1) // 3
    return [datetime.date(i // 4, (i % 4) * 3 + 1, 1) for i in range(index - count + 1, index + 1)]


def participation_per_quarter(user: Viewer, lab: Lab, today: datetime.date | None = None) -> SectorSeries:
    """People who joined the teams of the lab's (visible) processes, per quarter and sector."""
    quarters = quarter_starts(today or timezone.localdate())
    start = timezone.make_aware(datetime.datetime.combine(quarters[0], datetime.time.min))
    rows = (
        ProcessMember.objects.filter(process__in=lab_processes(user, lab).values("pk"), created_at__gte=start)
        .annotate(quarter=TruncQuarter("created_at", output_field=DateField()))
        .values("quarter", "sector")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[datetime.date, str], int] = {}
    for row in rows:
        counts[(row["quarter"], row["sector"])] = counts.get((row["quarter"], row["sector"]), 0) + row["n"]
    return SectorSeries(
        quarters=quarters,
        rows=[(sector, [counts.get((quarter, sector.value), 0) for quarter in quarters]) for sector in Sector],
    )


def export_indicators(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The indicators with their measurements prefetched (one more query), for an export."""
    pks = [indicator.pk for indicator in indicators]
    ordered = Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on", "pk"))
    by_pk = {i.pk: i for i in Indicator.objects.filter(pk__in=pks).select_related("process").prefetch_related(ordered)}
    return [by_pk[pk] for pk in pks if pk in by_pk]
