from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kosilab.core.demo import load_demo
from kosilab.core.demo_events import load_rooms_and_events
from kosilab.impact.demo import load_impact_demo
from kosilab.playbook.demo import load_playbook_demo

# Further demo parts, each idempotent and through the services, in the order they build on each other.
DEMO_PARTS = [
    ("impact indicators", load_impact_demo),
]


class Command(BaseCommand):
    help = "Load the demo data (labs in Dortmund and Wuppertal). Does nothing if it is already there."

    def handle(self, *args: Any, **options: Any) -> None:
        if load_demo():
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data is already there.")
        if load_rooms_and_events():
            self.stdout.write(self.style.SUCCESS("Demo rooms, bookings, events and a session plan loaded."))
        if load_playbook_demo():
            self.stdout.write("Demo playbooks of Dortmund and Wuppertal are there.")
        for name, load in DEMO_PARTS:
            if load():
                self.stdout.write(f"Demo {name} are there.")
