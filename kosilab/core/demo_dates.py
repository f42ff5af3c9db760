"""Dates for the demo, picked relative to the moment it loads, in the site's time zone (Berlin).

The demo is loaded on any day at any hour (``make run`` on a fresh clone, CI, a Saturday night),
so every date in it comes from here instead of ``today ± n`` written inline:

- future sessions fall on a working day, tomorrow at the earliest, so they are ahead of "now" at
  any hour and inside the rooms' opening hours (rooms are closed at weekends by default);
- everything in the rooms is placed in one *demo week*, the week of the next Monday, and the week
  after it, so the weekly series on Mondays never meets a one-off booking;
- past sessions fall on a working day that ended before today, so nothing "took place" on a
  Sunday or is still running.

The times of day are well away from the switch to and from daylight saving time (02:00–03:00),
so a local time always exists and is unambiguous.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)


@dataclass(frozen=True)
class DemoCalendar:
    """Dates relative to ``today`` (a local date); ``DemoCalendar.now()`` takes the current one."""

    today: datetime.date

    @classmethod
    def now(cls) -> DemoCalendar:
        return cls(today=timezone.localdate())

    def days(self, count: int) -> datetime.date:
        """``count`` days from today (negative: ago), for dates that may fall on any day."""
        return self.today + datetime.timedelta(days=count)

    def next_weekday(self, weekday: int, *, weeks: int = 0) -> datetime.date:
        """The first ``weekday`` (0 = Monday) after today – tomorrow at the earliest – ``weeks`` later."""
        ahead = (weekday - self.today.weekday()) % 7 or 7
        return self.today + datetime.timedelta(days=ahead, weeks=weeks)

    @property
    def demo_week(self) -> datetime.date:
        """The Monday that starts the demo week: the next Monday after today."""
        return self.next_weekday(MONDAY)

    def in_demo_week(self, weekday: int, *, weeks: int = 0) -> datetime.date:
        """``weekday`` of the demo week (``weeks`` = 1: of the week after it)."""
        return self.demo_week + datetime.timedelta(days=weekday, weeks=weeks)

    def workday_ago(self, days: int) -> datetime.date:
        """The last working day (Monday to Friday) at least ``days`` days before today (``days`` ≥ 1)."""
        day = self.today - datetime.timedelta(days=max(days, 1))
        while day.weekday() > FRIDAY:
            day -= datetime.timedelta(days=1)
        return day

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        """``hour:minute`` local time on ``day``, as an aware datetime."""
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())
