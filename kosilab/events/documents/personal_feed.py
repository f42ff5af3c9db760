"""A person's own calendar feed, reached by its secret address without logging in.

What it holds: the published and cancelled events (not drafts) of every lab on whose team the
person is, private labs and public ones alike, and the network events those labs organise or
co-organise; each as the event visibility policy lets the person see it (kosilab/events/policies.py),
so a role removed from the team removes the lab's events from the next poll on. Like the other feeds
(documents/calendar.py) it reaches ``FEED_DAYS_BACK`` days back and holds at most ``FEED_LIMIT`` events.

The public events of other labs are not in it: the lab and network feeds hold those, and a person's
feed is for the labs they work in.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from kosilab.accounts.types import User
from kosilab.events.documents.calendar import FEED_DAYS_BACK, FEED_LIMIT
from kosilab.events.models import CalendarFeed, Event
from kosilab.events.policies import SHOWN_STATUSES, event_policy
from kosilab.labs.roles import staff_lab_ids

TOKEN_MAX_LENGTH = 64


def feed_by_token(token: str) -> CalendarFeed | None:
    """The active feed of an active account with this token, or None (unknown, revoked, or the
    account is deactivated)."""
    if not 0 < len(token) <= TOKEN_MAX_LENGTH:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def active_feed(user: User) -> CalendarFeed | None:
    """The person's current feed, if they have one."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def personal_feed_events(user: User) -> QuerySet[Event]:
    """The events of ``user``'s feed, soonest first (see the module's docstring)."""
    labs = staff_lab_ids(user)
    co_organised = Event.co_organisers.through.objects.filter(lab_id__in=labs).values("event_id")
    network = Q(organising_lab_id__in=labs) | Q(pk__in=co_organised)
    own = Q(lab_id__in=labs) | (Q(lab__isnull=True) & network)
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    events = Event.objects.filter(own, status__in=SHOWN_STATUSES, ends_at__gte=since)
    return event_policy.visible(user, events).select_related("room").order_by("starts_at", "id")[:FEED_LIMIT]
