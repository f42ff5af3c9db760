from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request as the views see it: with django-htmx's ``htmx`` attribute."""

    htmx: HtmxDetails
