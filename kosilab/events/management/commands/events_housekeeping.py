from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kosilab.events.services import expire_due_offers, send_due_reminders


class Command(BaseCommand):
    help = (
        "Release expired seat offers (the seat goes to the next on the waiting list) and send every "
        "reminder that is due. The task queue schedules both on its own; run this every 15 minutes "
        "from cron or a systemd timer as a safety net, e.g. after the queue was down. Safe to repeat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = expire_due_offers()
        reminded = send_due_reminders()
        self.stdout.write(f"{expired} expired offers released, {reminded} reminders sent.")
