"""Writes for personal calendar feeds: a person's secret calendar address (kosilab/events/models.py
``CalendarFeed``), made and revoked by that person.

One active address per person: making a new one revokes the old one in the same transaction. The
person's account row is locked first, so two simultaneous clicks on "new address" run one after
the other (the second revokes the first's address), and the partial unique constraint
``events_calendarfeed_one_active`` would refuse a second active row should anything slip through.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kosilab.accounts.types import User, Viewer
from kosilab.core.audit import log_action
from kosilab.events.models import CalendarFeed


def calendar_feed_create(*, user: User, by: Viewer | None) -> CalendarFeed:
    """A new secret calendar address for ``user``; their previous one (if any) stops working."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).values_list("pk").first()  # one at a time per person
        now = timezone.now()
        revoked = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        feed = CalendarFeed(user=user)
        feed.full_clean()
        feed.save()
        log_action("events.calendar_feed.created", actor=by, target=feed, data={"replaced": revoked})
    return feed


def calendar_feed_revoke(*, feed: CalendarFeed, by: Viewer | None) -> bool:
    """Revoke the address: the feed answers "not found" from now on. False if it was revoked already
    (a second click changes nothing and writes no second log entry)."""
    with transaction.atomic():
        changed = CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if changed:
            feed.refresh_from_db(fields=["revoked_at"])
            log_action("events.calendar_feed.revoked", actor=by, target=feed)
    return bool(changed)


USE_RECORDED_EVERY = timedelta(hours=1)


def calendar_feed_used(*, feed: CalendarFeed) -> None:
    """Note that a calendar program fetched the feed ("last fetched" on the person's page). At most
    once an hour per feed, so that polling calendars do not write on every poll; bookkeeping, not an
    action of the person, so not in the audit log."""
    now = timezone.now()
    if feed.last_used_at is not None and now - feed.last_used_at < USE_RECORDED_EVERY:
        return
    CalendarFeed.objects.filter(pk=feed.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - USE_RECORDED_EVERY)
    ).update(last_used_at=now)
