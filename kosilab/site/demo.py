"""The demo: labs in Dortmund and Wuppertal with their people, partners, challenges, processes, rooms,
events, plans, playbooks, ideas, results, handovers and indicators.

Each app keeps its own part in its ``demo.py`` and writes it through its own services (so the
audit log is filled too); this module only calls the parts in the order they build on each other,
and is what ``manage.py seed_demo`` runs. Loading again adds nothing: the people, organisations,
labs, challenges and processes load together, once; so do the rooms, events and the session plan;
every later part adds only what is missing. Every date comes from ``core.demo_dates.DemoCalendar``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from kosilab.accounts.demo import load_accounts_demo
from kosilab.actors.demo import load_actors_demo
from kosilab.challenges.demo import load_challenges_demo
from kosilab.cocreation.demo import load_cocreation_demo
from kosilab.continuation.demo import load_continuation_demo
from kosilab.core.demo_dates import DemoCalendar
from kosilab.events.demo import load_events_demo
from kosilab.impact.demo import load_impact_demo
from kosilab.knowledge.demo import load_knowledge_demo
from kosilab.labs.demo import demo_loaded, load_labs_demo
from kosilab.planning.demo import load_planning_demo
from kosilab.playbook.demo import load_playbook_demo
from kosilab.processes.demo import load_processes_demo
from kosilab.results.demo import load_results_demo
from kosilab.rooms.demo import load_rooms_demo
from kosilab.sustainability.demo import load_sustainability_demo

# What ``manage.py demo_accounts`` lists (the accounts are kosilab.accounts.demo's).
ROLES_TEXT = {
    "admin@kosilab.example.org": "platform administrator",
    "leitung.dortmund@kosilab.example.org": "lab manager, Dortmund",
    "moderation.dortmund@kosilab.example.org": "facilitator, Dortmund",
    "leitung.wuppertal@kosilab.example.org": "lab manager, Wuppertal",
    "moderation.wuppertal@kosilab.example.org": "facilitator, Wuppertal",
    "teilnahme@kosilab.example.org": "participant",
}


@transaction.atomic
def load_demo_base() -> bool:
    """People, organisations, the two labs, their challenges and processes, once.

    Returns False when the demo labs were there already. The other parts build on this one.
    """
    if demo_loaded():
        return False
    cal = DemoCalendar.now()  # one calendar, so that challenges and processes tell one story
    load_accounts_demo()
    load_actors_demo()
    load_labs_demo()
    load_challenges_demo(cal=cal)
    load_processes_demo(cal=cal)
    return True


@transaction.atomic
def load_rooms_and_events() -> bool:
    """Rooms, resources, bookings, events and a session plan, once.

    Returns False when the demo labs are missing or already have rooms.
    """
    cal = DemoCalendar.now()  # one calendar: bookings and events share the demo week
    if not load_rooms_demo(cal=cal):
        return False
    load_events_demo(cal=cal)
    load_planning_demo()
    return True


@dataclass(frozen=True)
class Part:
    """One step of the demo: what loads it, and what ``seed_demo`` says when it did or did not add data."""

    load: Callable[[], object]
    added: str
    unchanged: str = ""
    highlight: bool = False


# In the order the parts build on each other; each is idempotent.
PARTS = [
    Part(load_demo_base, "Demo data loaded.", unchanged="Demo data is already there.", highlight=True),
    Part(load_rooms_and_events, "Demo rooms, bookings, events and a session plan loaded.", highlight=True),
    Part(load_playbook_demo, "Demo playbooks of Dortmund and Wuppertal are there."),
    Part(load_cocreation_demo, "Demo ideas and comments are there."),
    Part(load_results_demo, "Demo results are there."),
    Part(load_continuation_demo, "Demo handovers are there."),
    Part(load_impact_demo, "Demo impact indicators are there."),
    Part(load_sustainability_demo, "Demo mandates, sponsors and funding of the labs are there."),
    Part(load_knowledge_demo, "Demo lab profiles, partners and role models are there."),
]


def load_demo() -> list[tuple[Part, bool]]:
    """Load every part that is missing; returns each part with whether it added something."""
    return [(part, bool(part.load())) for part in PARTS]
