"""Demo events of the labs in Dortmund and Wuppertal, in the demo rooms (``kosilab.rooms.demo``).

The source document names four networking workshops ("Werkstätten") between science and practice
and a training for municipal staff in Berlin; the demo has one of each, plus lab sessions (one of
them past, with check-ins). Times and attendees are invented; every date comes from
``DemoCalendar``. Everything goes through the service functions, once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from kosilab.accounts.demo import demo_people
from kosilab.accounts.models import User
from kosilab.core.audit import log_action
from kosilab.core.demo_dates import THURSDAY, TUESDAY, WEDNESDAY, DemoCalendar
from kosilab.events.models import Event, EventKind, QuestionKind, Registration
from kosilab.events.services import event_create, event_publish, question_add, registration_create
from kosilab.labs.demo import DEMO_LABS, demo_labs
from kosilab.processes.models import Process
from kosilab.rooms.demo import QUARTIER, WERKSTATT, demo_room, event_bookings_backdate

LAB_SESSION = "Lab-Sitzung: Standorte für die nächsten Fahrradgaragen"


def events_loaded() -> bool:
    return Event.objects.filter(lab__slug__in=DEMO_LABS).exists()


@transaction.atomic
def load_events_demo(*, cal: DemoCalendar | None = None) -> bool:
    """Load once; False when the demo labs or rooms are missing or the labs already have events."""
    labs = demo_labs()
    werkstatt = demo_room("dortmund", WERKSTATT)
    quartier = demo_room("wuppertal", QUARTIER)
    if len(labs) != 2 or werkstatt is None or quartier is None or events_loaded():
        return False
    dortmund, wuppertal = labs["dortmund"], labs["wuppertal"]
    people = demo_people()
    lead_do = people["leitung.dortmund@kosilab.example.org"]
    lead_wu = people["leitung.wuppertal@kosilab.example.org"]
    admin = people["admin@kosilab.example.org"]
    # Every date comes from the calendar, so the demo loads on any day at any hour (see demo_dates).
    cal = cal or DemoCalendar.now()
    _at = cal.at
    sic = Process.objects.filter(lab=dortmund).first()
    garages = Process.objects.filter(lab=wuppertal).first()

    # A lab session in Wuppertal with a question, on the coming Thursday (the room is open every day).
    thursday = cal.next_weekday(THURSDAY)
    session = event_create(
        lab=wuppertal,
        by=lead_wu,
        kind=EventKind.LAB_SESSION,
        title=LAB_SESSION,
        description="Wir schauen uns die Auswertung der Probephase an und wählen gemeinsam neue Standorte aus.",
        title_en="Lab session: sites for the next bicycle garages",
        description_en="We look at how the trial went and choose new sites together.",
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
        title_en="Workshop of research and practice: what makes a lab effective?",
        description_en="Researchers and practitioners share what they learnt in the lab processes.",
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
        title_en="Training: shaping social innovation in the municipality",
        description_en="For municipal staff: how do you set up a lab for social innovation?",
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
        for email in (
            "sozialunternehmen@kosilab.example.org",
            "teilnahme@kosilab.example.org",
            "wissenschaft@kosilab.example.org",
            "nachbarschaft@kosilab.example.org",
        )
    ]
    past_day = cal.workday_ago(2)
    _move_into_the_past(past, starts_at=_at(past_day, 14), ends_at=_at(past_day, 17))
    _checked_in(attendees, at=_at(past_day, 13, 55), by=lead_do)
    return True


def _move_into_the_past(event: Event, *, starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    """Move an event and its room booking to a past time (no service books in the past)."""
    Event.objects.filter(pk=event.pk).update(starts_at=starts_at, ends_at=ends_at)
    event_bookings_backdate(event_id=event.pk, starts_at=starts_at, ends_at=ends_at)
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
