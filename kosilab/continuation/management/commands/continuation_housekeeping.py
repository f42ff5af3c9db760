from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kosilab.continuation.services import followups_remind_due


class Command(BaseCommand):
    help = (
        "Send the reminders for follow-ups of handovers that are due within seven days (the task queue "
        "schedules each one on its own; this is the safety net, e.g. after the queue was down, and the "
        "only way with a backend that cannot run tasks later). Run it once an hour or once a day from "
        "cron or a systemd timer. Safe to repeat: nobody gets a reminder twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = followups_remind_due()
        self.stdout.write(f"{sent} follow-up reminders sent.")
