"""Synthetic events and registrations in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py).

``EVENTS_PER_LAB`` events per lab within half a year of today, mostly published; registrations
fill the seats first, the rest wait, so ``seats_taken`` counts the confirmed ones.
"""

from __future__ import annotations

import datetime

from kosilab.accounts.models import User
from kosilab.actors.scale import INTERESTS
from kosilab.core.scale import BATCH_SIZE, ScaleContext
from kosilab.events.models import Event, EventKind, EventStatus, Registration, RegistrationStatus
from kosilab.labs.scale import LabInfo

EVENTS_PER_LAB = 40
REGISTRATIONS_PER_EVENT = (5, 40)
EVENT_TITLES = {
    EventKind.LAB_SESSION: ["Lab-Sitzung: {topic}", "Ideenwerkstatt {topic}", "Prototyp-Test {topic}"],
    EventKind.WORKSHOP: ["Werkstatt Wissenschaft und Praxis: {topic}", "Vernetzungswerkstatt {topic}"],
    EventKind.TRAINING: ["Fortbildung: Methoden für {topic}", "Fortbildung für Kommunen: {topic}"],
    EventKind.PUBLIC: ["Stadtgespräch {topic}", "Tag der offenen Tür: {topic}"],
}


def events(ctx: ScaleContext, labs: list[LabInfo], people: list[User]) -> None:
    """``EVENTS_PER_LAB`` events per lab, with registrations from ``people``."""
    rng = ctx.rng
    objs: list[Event] = []
    for info in labs:
        for _ in range(EVENTS_PER_LAB):
            kind = rng.choice(list(EventKind))
            starts = datetime.datetime.combine(
                ctx.today + datetime.timedelta(days=rng.randint(-180, 180)),
                datetime.time(rng.choice([10, 14, 17])),
                tzinfo=ctx.tz,
            )
            objs.append(
                Event(
                    lab=info.lab,
                    kind=kind,
                    title=rng.choice(EVENT_TITLES[kind]).format(topic=rng.choice(INTERESTS)),
                    description="Ein offenes Treffen für alle, die mitarbeiten wollen.",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=rng.choice([2, 3, 6])),
                    address=info.lab.address,
                    capacity=rng.choice([12, 20, 30, 50]),
                    organiser=info.lab.name,
                    status=EventStatus.PUBLISHED if rng.random() < 0.9 else EventStatus.DRAFT,
                    created_by=info.manager,
                )
            )
    saved = ctx.bulk(Event, objs)
    registrations: list[Registration] = []
    for event in saved:
        low, high = REGISTRATIONS_PER_EVENT
        for person in rng.sample(people, rng.randint(low, high)):
            seat = event.seats_taken < event.capacity
            if seat:
                event.seats_taken += 1
            registrations.append(
                Registration(
                    event=event,
                    user=person,
                    name=person.name,
                    email=person.email,
                    status=RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITING,
                    confirmed_at=ctx.now if seat else None,
                    attended_at=event.starts_at if seat and event.starts_at < ctx.now else None,
                )
            )
    Event.objects.bulk_update(saved, ["seats_taken"], batch_size=BATCH_SIZE)
    ctx.bulk(Registration, registrations)
    ctx.progress(f"{len(saved)} events, {len(registrations)} registrations")
