from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kosilab.site.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo data (labs in Dortmund and Wuppertal). Does nothing if it is already there."

    def handle(self, *args: Any, **options: Any) -> None:
        for part, added in load_demo():
            if added:
                self.stdout.write(self.style.SUCCESS(part.added) if part.highlight else part.added)
            elif part.unchanged:
                self.stdout.write(part.unchanged)
