"""Demo rooms, resources and bookings of the labs in Dortmund and Wuppertal (rooms and times invented).

Every date comes from ``DemoCalendar``: the bookings lie in the *demo week* (the week of the next
Monday), where the weekly Monday series never meets a one-off booking. The rooms that events book
are ``kosilab.events.demo``'s part. Written through the services, once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from kosilab.accounts.demo import demo_people
from kosilab.core.demo_dates import THURSDAY, WEDNESDAY, DemoCalendar
from kosilab.labs.demo import DEMO_LABS, demo_labs
from kosilab.processes.models import Process
from kosilab.rooms.models import Booking, Room
from kosilab.rooms.services import booking_create, resource_create, room_create

WERKSTATT = "Werkstattraum"
QUARTIER = "Quartierswohnzimmer"


def rooms_loaded() -> bool:
    return Room.objects.filter(lab__slug__in=DEMO_LABS).exists()


def demo_room(lab_slug: str, name: str) -> Room | None:
    """The demo room called ``name`` of the demo lab ``lab_slug``, if it is there."""
    return Room.objects.filter(lab__slug=lab_slug, name=name).first()


@transaction.atomic
def load_rooms_demo(*, cal: DemoCalendar | None = None) -> bool:
    """Load once; False when the demo labs are missing or already have rooms."""
    labs = demo_labs()
    if len(labs) != 2 or rooms_loaded():
        return False
    dortmund, wuppertal = labs["dortmund"], labs["wuppertal"]
    people = demo_people()
    lead_do = people["leitung.dortmund@kosilab.example.org"]
    lead_wu = people["leitung.wuppertal@kosilab.example.org"]
    # Every date comes from the calendar, so the demo loads on any day at any hour (see demo_dates).
    cal = cal or DemoCalendar.now()
    _at = cal.at

    werkstatt = room_create(
        lab=dortmund,
        by=lead_do,
        name=WERKSTATT,
        capacity=30,
        location="Erdgeschoss, Eingang Hofseite (Demo-Adresse)",
        latitude=Decimal("51.518100"),
        longitude=Decimal("7.452800"),
        description="Großer Raum mit Stellwänden und Tischen auf Rollen.",
        step_free=True,
        hearing_loop=True,
        accessible_toilet=True,
        equipment="Beamer\nFlipcharts\nStellwände\nWLAN",
    )
    room_create(
        lab=dortmund,
        by=lead_do,
        name="Besprechungsraum",
        capacity=8,
        location="1. Obergeschoss (Aufzug vorhanden)",
        latitude=Decimal("51.518000"),
        longitude=Decimal("7.453000"),
        step_free=True,
        equipment="Bildschirm\nWLAN",
    )
    room_create(
        lab=wuppertal,
        by=lead_wu,
        name=QUARTIER,
        capacity=20,
        location="Ladenlokal im Quartier, Erdgeschoss (Demo-Adresse)",
        latitude=Decimal("51.260100"),
        longitude=Decimal("7.142700"),
        step_free=False,
        accessibility_notes="Eine Stufe am Eingang; eine mobile Rampe liegt bereit.",
        equipment="Sofaecke\nKüche\nFlipchart",
        opens_at=datetime.time(9),
        closes_at=datetime.time(21),
        open_on_weekends=True,
    )
    kit = resource_create(lab=dortmund, by=lead_do, name="Moderationskoffer", quantity=2)
    resource_create(lab=dortmund, by=lead_do, name="Beamer", quantity=1)
    cargo = resource_create(
        lab=wuppertal, by=lead_wu, name="Lastenrad", quantity=2, description="Für Einkäufe und Material."
    )
    resource_create(lab=wuppertal, by=lead_wu, name="Moderationskoffer", quantity=1)

    sic = Process.objects.filter(lab=dortmund).first()
    garages = Process.objects.filter(lab=wuppertal).first()
    # The Werkstattraum in the demo week: the team meets every Monday, the advice is on Wednesday; the
    # workshop is on Wednesday of the week after and the past session took the room on Tuesday (both
    # are events, see kosilab.events.demo).
    monday = cal.demo_week
    booking_create(
        lab=dortmund,
        room=werkstatt,
        purpose="Teamrunde Social Innovation Center",
        starts_at=_at(monday, 9),
        ends_at=_at(monday, 10, 30),
        by=lead_do,
        process=sic,
        weekly_until=monday + datetime.timedelta(weeks=7),
    )
    booking_create(
        lab=dortmund,
        room=werkstatt,
        purpose="Gründungsberatung für Sozialunternehmen",
        starts_at=_at(cal.in_demo_week(WEDNESDAY), 13),
        ends_at=_at(cal.in_demo_week(WEDNESDAY), 16),
        by=lead_do,
        resources={kit: 1},
    )
    booking_create(
        lab=wuppertal,
        room=None,
        purpose="Material für die Probe-Fahrradgarage holen",
        starts_at=_at(cal.in_demo_week(THURSDAY), 10),
        ends_at=_at(cal.in_demo_week(THURSDAY), 14),
        by=lead_wu,
        resources={cargo: 1},
        process=garages,
    )
    return True


def event_bookings_backdate(*, event_id: int, starts_at: datetime.datetime, ends_at: datetime.datetime) -> int:
    """Move the bookings of an event to a past time with it (no service books in the past; see events.demo)."""
    return Booking.objects.filter(event_id=event_id).update(starts_at=starts_at, ends_at=ends_at)
