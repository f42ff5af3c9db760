"""The demo session plan: the agenda of the Wuppertal lab session (``kosilab.events.demo``), planned
with methods of the library and linked to that event. Written through the services, once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kosilab.accounts.demo import demo_people
from kosilab.events.demo import LAB_SESSION
from kosilab.events.models import Event
from kosilab.methods.models import Method
from kosilab.planning.models import Session
from kosilab.planning.services import block_add, session_create


@transaction.atomic
def load_planning_demo() -> bool:
    """Plan the demo lab session. Returns False when the session is missing or already has a plan."""
    event = Event.objects.filter(lab__slug="wuppertal", title=LAB_SESSION).select_related("process").first()
    if event is None or event.process is None:
        return False
    process = event.process
    if Session.objects.filter(process=process, title=event.title, is_template=False).exists():
        return False
    facilitator = demo_people()["moderation.wuppertal@kosilab.example.org"]
    local = timezone.localtime(event.starts_at)
    plan = session_create(
        process=process,
        by=facilitator,
        title=event.title,
        date=local.date(),
        starts_at=local.time(),
        slot_minutes=150,
        notes="Raum ist über die Veranstaltung gebucht.",
        event=event,  # the event's page shows this agenda to the lab's team
    )
    methods = {
        m.slug: m for m in Method.objects.filter(lab=None, slug__in=["check-in-rounds", "gallery-walk", "dot-voting"])
    }
    block_add(session=plan, by=facilitator, title="Ankommen und Begrüßung", minutes=15, responsible=facilitator)
    for slug, minutes, notes in [
        ("check-in-rounds", 15, "Eine Frage: Wo stellen Sie Ihr Rad heute ab?"),
        ("gallery-walk", 45, "Plakate mit den Zahlen der Probephase und Fotos der Standorte."),
        ("dot-voting", 30, "Drei Punkte pro Person für die nächsten Standorte."),
    ]:
        if slug in methods:
            block_add(session=plan, by=facilitator, method=methods[slug], minutes=minutes, notes=notes)
    block_add(session=plan, by=facilitator, title="Nächste Schritte und Abschluss", minutes=20, responsible=facilitator)
    return True
