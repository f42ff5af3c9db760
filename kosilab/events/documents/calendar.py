"""Events as iCalendar items: one event, a lab's feed and the network's feed.

A feed holds published and cancelled events that ended at most ``FEED_DAYS_BACK`` days ago, at
most ``FEED_LIMIT`` of them, soonest first. Cancelled events stay in with ``STATUS:CANCELLED`` (and
the raised ``SEQUENCE``), so subscribed calendars update instead of keeping a stale entry.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from kosilab.core.ical import CalendarItem
from kosilab.events.models import Event, EventStatus
from kosilab.events.policies import SHOWN_STATUSES, event_policy
from kosilab.labs.models import Lab

FEED_DAYS_BACK = 30
FEED_LIMIT = 500


def location(event: Event) -> str:
    """Room name and where it is, or the address, or the online link."""
    if event.room_id and event.room:
        return ", ".join(part for part in (event.room.name, event.room.location) if part)
    return event.address or event.online_url


def calendar_item(event: Event, *, url: str) -> CalendarItem:
    return CalendarItem(
        uid=str(event.uid),
        summary=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        description=event.description,
        location=location(event),
        url=url,
        sequence=event.sequence,
        cancelled=event.status == EventStatus.CANCELLED,
        last_modified=event.updated_at,
    )


def feed_events(*, lab: Lab | None = None) -> QuerySet[Event]:
    """The events of a lab's feed (the view checked that the lab is visible), or with ``lab=None`` of
    the network's: what everybody sees (events of public labs and network events)."""
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    events = Event.objects.filter(ends_at__gte=since)
    if lab is not None:
        events = events.filter(lab=lab, status__in=SHOWN_STATUSES)
    else:
        events = event_policy.public_objects(events)
    return events.select_related("room").order_by("starts_at", "id")[:FEED_LIMIT]
