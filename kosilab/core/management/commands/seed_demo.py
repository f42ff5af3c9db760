from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kosilab.cocreation.demo import load_cocreation_demo
from kosilab.continuation.demo import load_continuation_demo
from kosilab.core.demo import load_demo
from kosilab.core.demo_events import load_rooms_and_events
from kosilab.impact.demo import load_impact_demo
from kosilab.playbook.demo import load_playbook_demo
from kosilab.results.demo import load_results_demo

# Further demo parts, each idempotent and through the services, in the order they build on each other.
DEMO_PARTS = [
    ("ideas and comments", load_cocreation_demo),
    ("results", load_results_demo),
    ("handovers", load_continuation_demo),
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
