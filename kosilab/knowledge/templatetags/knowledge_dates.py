"""``{{ "2026-12-06"|iso_day }}``: a day stored as ISO text (the facts' "last checked") in the reader's
date format; text that is not a valid day is shown as it is."""

from __future__ import annotations

import datetime

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def iso_day(value: object) -> str:
    text = str(value or "")
    try:
        return date_format(datetime.date.fromisoformat(text))
    except ValueError:
        return text
