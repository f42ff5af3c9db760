"""Demo rooms, resources, bookings and events for the Dortmund and Wuppertal labs.

The source document names four networking workshops ("Werkstätten") between science and practice
and a training for municipal staff in Berlin; the demo has one of each, plus lab sessions. Rooms,
times and attendees are invented. Everything goes through the service functions.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kosilab.accounts.models import User
from kosilab.core.audit import log_action
from kosilab.core.demo_dates import THURSDAY, TUESDAY, WEDNESDAY, DemoCalendar
from kosilab.events.models import Event, EventKind, QuestionKind, Registration
from kosilab.events.services import (
    event_create,
    event_publish,
    question_add,
    registration_create,
)
from kosilab.labs.models import Lab
from kosilab.processes.models import Process
from kosilab.rooms.models import Booking, Room
from kosilab.rooms.services import book, resource_create, room_create


def rooms_loaded() -> bool:
    return Room.objects.filter(lab__slug__in=["dortmund", "wuppertal"]).exists()


@transaction.atomic
def load_rooms_and_events() -> bool:
    """Load once; False when the demo labs are missing or already have rooms."""
    labs = {lab.slug: lab for lab in Lab.objects.filter(slug__in=["dortmund", "wuppertal"])}
    if len(labs) != 2 or rooms_loaded():
        return False
    dortmund, wuppertal = labs["dortmund"], labs["wuppertal"]
    people = {user.email: user for user in User.objects.filter(email__endswith="@kosilab.example.org")}
    lead_do = people["leitung.dortmund@kosilab.example.org"]
    lead_wu = people["leitung.wuppertal@kosilab.example.org"]
    admin = people["admin@kosilab.example.org"]
    # Every date comes from the calendar, so the demo loads on any day at any hour (see demo_dates).
    cal = DemoCalendar.now()
    _at = cal.at

    werkstatt = room_create(
        lab=dortmund,
        by=lead_do,
        name="Werkstattraum",
        capacity=30,
        location="Erdgeschoss, Eingang Hofseite (Demo-Adresse)",
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
        step_free=True,
        equipment="Bildschirm\nWLAN",
    )
    quartier = room_create(
        lab=wuppertal,
        by=lead_wu,
        name="Quartierswohnzimmer",
        capacity=20,
        location="Ladenlokal im Quartier, Erdgeschoss (Demo-Adresse)",
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
    # workshop is on Wednesday of the week after and the past session took the room on Tuesday.
    monday = cal.demo_week
    book(
        lab=dortmund,
        room=werkstatt,
        purpose="Teamrunde Social Innovation Center",
        starts_at=_at(monday, 9),
        ends_at=_at(monday, 10, 30),
        by=lead_do,
        process=sic,
        weekly_until=monday + datetime.timedelta(weeks=7),
    )
    book(
        lab=dortmund,
        room=werkstatt,
        purpose="Gründungsberatung für Sozialunternehmen",
        starts_at=_at(cal.in_demo_week(WEDNESDAY), 13),
        ends_at=_at(cal.in_demo_week(WEDNESDAY), 16),
        by=lead_do,
        resources={kit: 1},
    )
    book(
        lab=wuppertal,
        room=None,
        purpose="Material für die Probe-Fahrradgarage holen",
        starts_at=_at(cal.in_demo_week(THURSDAY), 10),
        ends_at=_at(cal.in_demo_week(THURSDAY), 14),
        by=lead_wu,
        resources={cargo: 1},
        process=garages,
    )

    # A lab session in Wuppertal with a question, on the coming Thursday (the room is open every day).
    thursday = cal.next_weekday(THURSDAY)
    session = event_create(
        lab=wuppertal,
        by=lead_wu,
        kind=EventKind.LAB_SESSION,
        title="Lab-Sitzung: Standorte für die nächsten Fahrradgaragen",
        description="Wir schauen uns die Auswertung der Probephase an und wählen gemeinsam neue Standorte aus.",
        starts_at=_at(thursday, 18),
        ends_at=_at(thursday, 20, 30),
        room=quartier,
        capacity=20,
        offer_hours=24,
        process=garages,
    )
    question_add(
        event=session,
        by=lead_wu,
        kind=QuestionKind.YES_NO,
        label="Bringen Sie ein Fahrrad oder Pedelec mit?",
        required=False,
    )
    event_publish(event=session, by=lead_wu)  # creating it booked the room
    for email in ("nachbarschaft@kosilab.example.org", "unternehmen@kosilab.example.org"):
        registration_create(event=session, user=people[email], language="de")

    # A networking workshop between science and practice in Dortmund: small, and full.
    workshop_day = cal.in_demo_week(WEDNESDAY, weeks=1)
    workshop = event_create(
        lab=dortmund,
        by=lead_do,
        kind=EventKind.WORKSHOP,
        title="Werkstatt Wissenschaft und Praxis: Was macht ein Lab wirksam?",
        description="Forschende und Praktikerinnen tauschen Erfahrungen aus den Lab-Prozessen aus.",
        starts_at=_at(workshop_day, 10),
        ends_at=_at(workshop_day, 16),
        room=werkstatt,
        capacity=2,
        credit_hours=Decimal("5"),
    )
    event_publish(event=workshop, by=lead_do)
    for email in (
        "wissenschaft@kosilab.example.org",
        "sozialunternehmen@kosilab.example.org",
        "teilnahme@kosilab.example.org",
    ):
        registration_create(event=workshop, user=people[email], language="de")

    # The network's training for municipal staff in Berlin.
    training_day = cal.next_weekday(TUESDAY, weeks=3)
    training = event_create(
        lab=None,
        by=admin,
        kind=EventKind.TRAINING,
        title="Fortbildung: Soziale Innovation in der Kommune gestalten",
        description="Für Beschäftigte von Kommunen: Wie baut man ein Lab für soziale Innovation auf?",
        starts_at=_at(training_day, 9, 30),
        ends_at=_at(training_day, 16, 30),
        address="Tagungsort in Berlin-Mitte (Demo-Adresse)",
        capacity=40,
        credit_hours=Decimal("6"),
        organiser="Netzwerk der KoSI-Labs",
    )
    event_publish(event=training, by=admin)
    registration_create(event=training, user=people["verwaltung@kosilab.example.org"], language="de")

    # A past lab session in Dortmund with check-ins, so certificates and feedback can be tried. Sign-up
    # closes when an event starts, so it is created ahead (on a free slot of the demo week) and then
    # moved, with its room booking, to a working day before today.
    ahead = cal.in_demo_week(TUESDAY)
    past = event_create(
        lab=dortmund,
        by=lead_do,
        kind=EventKind.LAB_SESSION,
        title="Lab-Sitzung: Konzept des Social Innovation Center",
        starts_at=_at(ahead, 14),
        ends_at=_at(ahead, 17),
        room=werkstatt,
        capacity=15,
        process=sic,
    )
    event_publish(event=past, by=lead_do)
    attendees = [
        registration_create(event=past, user=people[email], language="de")
        for email in ("sozialunternehmen@kosilab.example.org", "teilnahme@kosilab.example.org")
    ]
    past_day = cal.workday_ago(2)
    _move_into_the_past(past, starts_at=_at(past_day, 14), ends_at=_at(past_day, 17))
    _checked_in(attendees, at=_at(past_day, 13, 55), by=lead_do)

    _plan_the_lab_session(session, people)
    return True


def _move_into_the_past(event: Event, *, starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    """Move an event and its room booking to a past time (no service books in the past)."""
    Event.objects.filter(pk=event.pk).update(starts_at=starts_at, ends_at=ends_at)
    Booking.objects.filter(event=event).update(starts_at=starts_at, ends_at=ends_at)
    event.starts_at, event.ends_at = starts_at, ends_at


def _checked_in(registrations: list[Registration], *, at: datetime.datetime, by: User) -> None:
    """Record attendance at the time of the session (the check-in service stamps the moment it is called)."""
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(attended_at=at)
    for registration in registrations:
        log_action(
            "events.registration.checked_in",
            actor=by,
            target=registration.event,
            data={"registration": registration.pk},
        )


def _plan_the_lab_session(event: Event, people: dict[str, User]) -> None:
    """The agenda of the Wuppertal lab session, planned with methods of the library."""
    from kosilab.methods.models import Method
    from kosilab.planning.services import block_add, session_create

    process = event.process
    if process is None:
        return
    facilitator = people["moderation.wuppertal@kosilab.example.org"]
    local = timezone.localtime(event.starts_at)
    plan = session_create(
        process=process,
        by=facilitator,
        title=event.title,
        date=local.date(),
        starts_at=local.time(),
        slot_minutes=150,
        notes="Raum ist über die Veranstaltung gebucht.",
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
