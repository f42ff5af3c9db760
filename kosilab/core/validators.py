"""Plausible ranges for dates: one rule for every date and date-time field of the platform.

A date outside its window is a typing slip (year 0001 instead of 2026, 9999 for "open end"), and
some of those cannot even be stored and read back (PostgreSQL keeps year 1 in Berlin as "0001 BC").
Forms carry the validators on their fields (``core.forms.formfield`` attaches them to the fields a
ModelForm derives from the model), and models carry them where a service calls ``full_clean``.
The windows are listed in docs/architecture.md ("Input rules").
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1990, 1, 1)  # before the first labs for social innovation
YEARS_AHEAD = 10


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@deconstructible
class PlausibleDate:
    """A date (or the day of a date and time) from ``earliest`` to ``years_ahead`` years after today."""

    code = "implausible_date"

    def __init__(self, earliest: datetime.date = EARLIEST, years_ahead: int = YEARS_AHEAD) -> None:
        self.earliest = earliest
        self.years_ahead = years_ahead

    def window(self) -> tuple[datetime.date, datetime.date]:
        return self.earliest, _years_later(timezone.localdate(), self.years_ahead)

    def includes(self, value: datetime.date) -> bool:
        day = value.date() if isinstance(value, datetime.datetime) else value
        earliest, latest = self.window()
        return earliest <= day <= latest

    def __call__(self, value: Any) -> None:
        if value is None or self.includes(value):
            return
        earliest, latest = self.window()
        raise ValidationError(
            _("Please enter a date between %(earliest)s and %(latest)s."),
            code=self.code,
            params={"earliest": formats.date_format(earliest), "latest": formats.date_format(latest)},
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, PlausibleDate)
            and self.earliest == other.earliest
            and self.years_ahead == other.years_ahead
        )

    def __hash__(self) -> int:
        return hash((self.earliest, self.years_ahead))


# Lab work: challenges, processes, milestones, sessions, events, bookings, hand-overs, targets.
validate_plausible_date = PlausibleDate()
# A measurement may come from older statistics (a baseline from a census, say).
validate_plausible_measurement_date = PlausibleDate(earliest=datetime.date(1900, 1, 1))


def plausible_date_validators(validators: list[Any]) -> list[PlausibleDate]:
    """The date windows among a model field's validators, or the default window if it has none."""
    return [v for v in validators if isinstance(v, PlausibleDate)] or [validate_plausible_date]
