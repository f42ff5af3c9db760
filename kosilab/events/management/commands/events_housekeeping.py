from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kosilab.events.services import offers_expire_due, registrations_thin_out, reminders_send_due


class Command(BaseCommand):
    help = (
        "Release expired seat offers (the seat goes to the next on the waiting list) and send every "
        "reminder that is due (the task queue schedules both on its own; this is the safety net, e.g. "
        "after the queue was down), and remove the personal data of registrations for events that "
        "ended more than KOSILAB_REGISTRATION_RETENTION_DAYS ago. Run it every 15 minutes from cron "
        "or a systemd timer. Safe to repeat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = offers_expire_due()
        reminded = reminders_send_due()
        thinned = registrations_thin_out()
        self.stdout.write(
            f"{expired} expired offers released, {reminded} reminders sent, "
            f"{thinned} past registrations without personal data now."
        )
