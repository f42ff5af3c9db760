"""What the events app stores about a person (see kosilab/core/personal_data.py).

``Event.organiser`` names who organises (a lab, the network), not a person.
"""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_registrations(user: User) -> list[dict[str, Any]]:
    from kosilab.events.selectors import registrations_export

    return registrations_export(user=user)


def _erase_registrations(user: User) -> None:
    from kosilab.events.services import registrations_forget_person

    registrations_forget_person(user=user)


def _export_events(user: User) -> list[dict[str, Any]]:
    from kosilab.events.models import Event

    return [
        {"event": e.title, "starts_at": iso(e.starts_at), "created_at": iso(e.created_at)}
        for e in Event.objects.filter(created_by=user).order_by("created_at", "pk")
    ]


declare(
    "events.Registration",
    fields=["user", "name", "email", "language", "token", "code"],
    erasure=Erasure.ANONYMISED,
    what="Event registrations, with an account or as a guest with the same e-mail address: upcoming "
    "ones are cancelled (the seat goes to the waiting list); all lose name, e-mail address and answers.",
    export_key="event_registrations",
    export=_export_registrations,
    erase=_erase_registrations,
    order=10,
)
declare(
    "events.Answer",
    fields=["value"],
    erasure=Erasure.DELETED,
    what="Answers to an event's registration questions.",
    not_exported="in event_registrations, under each registration's answers",
)
declare(
    "events.Feedback",
    fields=["comment"],
    erasure=Erasure.ANONYMISED,
    what="Feedback after an event; it has no name and stays with the anonymised registration.",
    not_exported="in event_registrations, under each registration's feedback",
)
declare(
    "events.Event",
    fields=["created_by"],
    erasure=Erasure.KEPT,
    what="Events the person created.",
    export_key="events_created",
    export=_export_events,
)


def _export_calendar_feeds(user: User) -> list[dict[str, Any]]:
    from kosilab.events.models import CalendarFeed

    # Not the secret itself: a downloaded file lying around must not open the calendar.
    return [
        {
            "created_at": iso(feed.created_at),
            "last_used_at": iso(feed.last_used_at),
            "revoked_at": iso(feed.revoked_at),
        }
        for feed in CalendarFeed.objects.filter(user=user).order_by("created_at", "pk")
    ]


declare(
    "events.CalendarFeed",
    fields=["user", "token"],
    erasure=Erasure.DELETED,
    what="Secret addresses of the person's own calendar feed: when each was made, last fetched and revoked.",
    export_key="calendar_feeds",
    export=_export_calendar_feeds,
)
