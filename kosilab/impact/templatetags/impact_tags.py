from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def number(value: Any) -> str:
    """A measured value in the current language, without trailing zeros: 11.5, 12, 0.25."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    exact = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(exact, use_l10n=True, force_grouping=abs(exact) >= 10000)
