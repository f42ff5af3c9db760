"""iCalendar (RFC 5545) files and feeds: one event, a lab's calendar, the network's calendar.

Apps turn their objects into :class:`CalendarItem` and call :func:`calendar_response`. Times are
written in UTC. A cancelled item stays in the feed with ``STATUS:CANCELLED`` and a raised
``SEQUENCE`` so that subscribed calendars remove or mark it instead of keeping a stale entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar
from django.http import HttpResponse
from django.utils import timezone

PRODID = "-//KoSI-Lab//KoSI-Lab Events//EN"


@dataclass
class CalendarItem:
    uid: str
    summary: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False
    last_modified: dt.datetime | None = None


def _utc(value: dt.datetime) -> dt.datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(dt.UTC)


def _vevent(item: CalendarItem, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(item.starts_at))
    event.add("dtend", _utc(item.ends_at))
    event.add("summary", item.summary)
    event.add("sequence", item.sequence)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    if item.description:
        event.add("description", item.description)
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    if item.last_modified is not None:
        event.add("last-modified", _utc(item.last_modified))
    return event


def build_calendar(items: Iterable[CalendarItem], *, name: str) -> bytes:
    """The calendar as bytes (CRLF line ends, folded lines, UTF-8)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = _utc(timezone.now()).replace(microsecond=0)
    for item in items:
        calendar.add_component(_vevent(item, stamp))
    return calendar.to_ical()


def _safe_filename(filename: str) -> str:
    # Only characters that need no quoting in a header; anything else becomes "_".
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in filename)
    return cleaned or "calendar.ics"


def calendar_response(items: Iterable[CalendarItem], *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(build_calendar(items, name=name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    return response
