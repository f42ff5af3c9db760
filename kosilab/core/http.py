from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request as the views see it: with django-htmx's ``htmx`` attribute."""

    htmx: HtmxDetails


def int_or_none(value: str | None) -> int | None:
    """A positive database id from a query parameter, or None for anything else ("²", "-1", "1e9")."""
    if value is None or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number < 2**63 else None
