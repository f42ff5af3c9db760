from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kosilab.sustainability.services import warnings_send_due


class Command(BaseCommand):
    help = (
        "Mail the managers of each lab whose mandate, term of office or funding ends within the days of "
        "KOSILAB_SUSTAINABILITY_WARN_DAYS (default 180, 90, 30), or ended without a decision: once per end "
        "and threshold. Run it once a day from cron or a systemd timer. Safe to repeat and to run on "
        "several hosts: nobody gets a warning twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = warnings_send_due()
        self.stdout.write(f"{sent} sustainability warnings mailed.")
