from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1990, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def validate_plausible_date(value: datetime.date) -> None:
    """Dates of lab work lie between 1990 and 2100; anything else is a typing slip."""
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(_("Enter a date between 1990 and 2100."), code="implausible_date")
