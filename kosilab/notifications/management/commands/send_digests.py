from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kosilab.notifications.services import digests_send


class Command(BaseCommand):
    help = (
        "Send the notification digests: one e-mail to each person with that digest setting who has "
        "something new. Run --daily every day at 7:00 and --weekly on Mondays at 7:00 (cron or a "
        "systemd timer). Safe to repeat: nothing is sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--daily", action="store_true", help="Send the daily digests.")
        group.add_argument("--weekly", action="store_true", help="Send the weekly digests.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["daily"] or options["weekly"]):
            raise CommandError("Choose --daily or --weekly.")
        frequency = "daily" if options["daily"] else "weekly"
        sent = digests_send(frequency=frequency)
        self.stdout.write(f"{sent} {frequency} digests sent.")
