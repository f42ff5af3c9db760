from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kosilab.site.periodic import SCHEDULES, run_schedule


class Command(BaseCommand):
    help = (
        "Run the periodic work of one schedule (minute, quarter-hourly, daily, weekly, nightly): the "
        "management commands kosilab/site/periodic.py lists for it, each even if one before it failed. "
        "Started by the timers deploy/systemd/kosilab-periodic@<schedule>.timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("schedule", choices=sorted(SCHEDULES))

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = run_schedule(options["schedule"])
        for line, said in outcome:
            self.stdout.write(f"{line}: {said}" if said else line)
        failed = [line for line, said in outcome if said.startswith("FAILED: ")]
        if failed:
            raise CommandError(f"{len(failed)} of {len(outcome)} commands failed: {', '.join(failed)}")
