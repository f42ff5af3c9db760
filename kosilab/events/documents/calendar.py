"""Events as iCalendar items: one event, a lab's feed, the network's feed and a person's feed
(documents/personal_feed.py).

Every item carries the event page's address twice: as URL and as the last line of DESCRIPTION.

Title and description are in the language active while the feed is made (``localise``; the installation's
text where there is no translation): for the lab and network feeds and an event's .ics, the request's
language (LocaleMiddleware: the language cookie, else the calendar program's Accept-Language, else
German; the responses vary by Accept-Language); a person's own feed is made in the preferred
language of its owner (views/feeds.py), as their mails are.

A feed holds published and cancelled events that ended at most ``FEED_DAYS_BACK`` days ago, at
most ``FEED_LIMIT`` of them, soonest first. Cancelled events stay in with ``STATUS:CANCELLED`` (and
the raised ``SEQUENCE``), so subscribed calendars update instead of keeping a stale entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from kosilab.core.content_languages import localise
from kosilab.core.ical import CalendarItem
from kosilab.core.mail import site_url
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


def description(event: Event, *, url: str) -> str:
    """The event's description with its web address as the last line: some calendar programs show
    no URL property, and the page is where one registers and reads what changed."""
    text = localise(event, "description").text.strip()
    return f"{text}\n\n{url}" if text else url


def calendar_item(event: Event, *, url: str) -> CalendarItem:
    return CalendarItem(
        uid=str(event.uid),
        summary=localise(event, "title").text,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        description=description(event, url=url),
        location=location(event),
        url=url,
        sequence=event.sequence,
        cancelled=event.status == EventStatus.CANCELLED,
        last_modified=event.updated_at,
    )


def event_url(event: Event) -> str:
    """The event page's absolute address, built from the site's address as links in mails are
    (``KOSILAB_SITE_URL``, else the address the request came in on)."""
    return site_url() + event.get_absolute_url()


def items(events: Iterable[Event]) -> list[CalendarItem]:
    return [calendar_item(event, url=event_url(event)) for event in events]


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
