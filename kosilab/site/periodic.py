"""The periodic work of an installation, in one table: which management commands run how often.

Each app keeps its own command (``events_housekeeping``, ``mail_outbox`` …); this table composes
them into five schedules, and ``manage.py periodic <schedule>`` runs one schedule's commands.
The shipped systemd timers (``deploy/systemd/kosilab-periodic@<schedule>.timer``) start it, so an
operator enables five timers instead of copying a cron line per command (docs/deployment.md).
Every command here is safe to run again and safe to run late (a timer makes up a run missed while
the machine was off, ``Persistent=true``); the timers belong on one machine of an installation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from io import StringIO

from django.core.management import call_command

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    # The timer's OnCalendar expression (systemd.time(7)); the test holds the shipped timers to it.
    # Hours are the lab's (Europe/Berlin, the default KOSILAB_TIME_ZONE), whatever the server's clock.
    when: str
    commands: tuple[tuple[str, ...], ...]  # each: the command's name and its arguments


SCHEDULES: dict[str, Schedule] = {
    # Mails whose queueing was lost (queue down, an app server killed after its commit) or whose
    # worker died while sending: queued again a minute after they were due.
    "minute": Schedule("*-*-* *:*:00", (("mail_outbox",),)),
    # Safety nets of deferred tasks (reminders, seat offers, follow-ups) and the queue's own upkeep.
    "quarter-hourly": Schedule(
        "*-*-* *:00/15:00",
        (("events_housekeeping",), ("tasks_housekeeping",), ("continuation_housekeeping",)),
    ),
    # Mails people read in the morning.
    "daily": Schedule("*-*-* 07:00:00 Europe/Berlin", (("send_digests", "--daily"), ("sustainability_housekeeping",))),
    "weekly": Schedule("Mon *-*-* 07:00:00 Europe/Berlin", (("send_digests", "--weekly"),)),
    # Work nobody waits for: deleting expired research exports, the open data dump.
    "nightly": Schedule("*-*-* 03:00:00 Europe/Berlin", (("research_housekeeping",), ("build_open_data",))),
}


def run_schedule(name: str) -> list[tuple[str, str]]:
    """Run every command of the schedule ``name``, each even if one before it failed.

    Returns (command line, what it printed or the error) for each; a failure is logged at ERROR
    (so it reaches the error tracker) and does not keep the next command from running."""
    outcome = []
    for command in SCHEDULES[name].commands:
        line = " ".join(command)
        out = StringIO()
        try:
            call_command(*command, stdout=out, stderr=out)
        except Exception as error:
            logger.exception("Periodic command %r of the %s schedule failed.", line, name)
            outcome.append((line, f"FAILED: {type(error).__name__}: {error}"))
        else:
            outcome.append((line, out.getvalue().strip()))
    return outcome
