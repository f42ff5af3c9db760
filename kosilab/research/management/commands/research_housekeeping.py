from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kosilab.research.services import research_exports_expire


class Command(BaseCommand):
    help = (
        "Delete the files of research exports that were ready for download longer than their download "
        "period (docs/research-export.md). Run it once a day from cron or a systemd timer; safe to repeat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = research_exports_expire()
        self.stdout.write(f"{expired} research export files deleted.")
