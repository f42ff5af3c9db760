"""Indicators and measurements for tests, made through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from kosilab.impact.models import Indicator, Level, Measurement
from kosilab.impact.services import indicator_create, measurement_add


def make_indicator(*, lab: Any = None, process: Any = None, **fields: Any) -> Indicator:
    values: dict[str, Any] = {
        "name": "Share of cycling",
        "unit": "%",
        "level": Level.OUTCOME,
        "baseline": Decimal(8),
        "target": Decimal(15),
        "target_date": datetime.date(2030, 6, 30),
    }
    values.update(fields)
    return indicator_create(lab=lab if lab is not None else process.lab, process=process, by=None, **values)


def measure(indicator: Indicator, day: datetime.date, value: str | int = "9", source: str = "Count") -> Measurement:
    return measurement_add(indicator=indicator, by=None, measured_on=day, value=Decimal(value), source=source)
