"""The four sectors of the quadruple helix and the diversity index over them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public administration and politics")
    BUSINESS = "business", _("Business")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    SCIENCE = "science", _("Science")


def blau_index(counts: Iterable[int]) -> float:
    """Blau's index of heterogeneity, 1 - sum(p_i^2), normalised to 0..1.

    Normalised by its maximum for the number of categories K, (K - 1) / K, so that
    an even spread over all four sectors gives 1.0 and a single sector gives 0.0.
    """
    values = list(counts)
    total = sum(values)
    categories = len(values)
    if total == 0 or categories < 2:
        return 0.0
    raw = 1.0 - sum((n / total) ** 2 for n in values)
    return raw / (1.0 - 1.0 / categories)


@dataclass(frozen=True)
class SectorShare:
    sector: Sector
    count: int
    percent: int
    wanted: bool

    @property
    def missing(self) -> bool:
        return self.wanted and self.count == 0


@dataclass(frozen=True)
class SectorBalance:
    shares: list[SectorShare]
    total: int
    index: float

    @property
    def missing(self) -> list[Sector]:
        return [share.sector for share in self.shares if share.missing]

    @property
    def index_percent(self) -> int:
        return round(self.index * 100)


def sector_balance(counts: Mapping[str, int], wanted: Iterable[str] = ()) -> SectorBalance:
    wanted_set = set(wanted)
    per_sector = [counts.get(sector.value, 0) for sector in Sector]
    total = sum(per_sector)
    shares = [
        SectorShare(
            sector=sector,
            count=count,
            percent=round(100 * count / total) if total else 0,
            wanted=sector.value in wanted_set,
        )
        for sector, count in zip(Sector, per_sector, strict=True)
    ]
    return SectorBalance(shares=shares, total=total, index=blau_index(per_sector))
