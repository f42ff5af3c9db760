"""The tally of an event's registrations (models.RegistrationTally) is kept by the database: after
every kind of write, through the services or around them, it says what counting the rows says."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db.models import Count

from kosilab.core.tests.factories import UserFactory
from kosilab.events import selectors, services
from kosilab.events.models import ATTENDED, Registration, RegistrationStatus, RegistrationTally
from kosilab.events.tests.factories import EventFactory, register

pytestmark = pytest.mark.django_db

STARTS = dt.datetime(2026, 12, 10, 17, 0, tzinfo=dt.UTC)
BEFORE = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
AT_THE_DOOR = STARTS - dt.timedelta(minutes=30)


def _counted(event) -> dict[str, int]:
    """What counting the rows says, in the form of selectors.status_counts."""
    counts = dict.fromkeys([*RegistrationStatus.values, ATTENDED], 0)
    rows = Registration.objects.filter(event=event).values("status").annotate(n=Count("id"))
    counts.update({row["status"]: row["n"] for row in rows})
    counts[ATTENDED] = Registration.objects.filter(event=event, attended_at__isnull=False).count()
    return counts


def _agrees(*events) -> None:
    for event in events:
        assert selectors.status_counts(event) == _counted(event), event


def test_the_tally_follows_every_write_through_the_services_and_around_them(lab):
    with time_machine.travel(BEFORE, tick=False):
        event = EventFactory(lab=lab, capacity=2, starts_at=STARTS, ends_at=STARTS + dt.timedelta(hours=2))
        other = EventFactory(lab=lab, capacity=5, starts_at=STARTS, ends_at=STARTS + dt.timedelta(hours=2))
        anna, ben, cem = (register(event, UserFactory(name=name)) for name in ("Anna", "Ben", "Cem"))
        guest = register(event, name="Gast", email="gast@example.org", confirm=False)
        register(other, UserFactory(name="Dora"))
        assert selectors.status_counts(event)["confirmed"] == 2
        assert selectors.status_counts(event)["waiting"] == 1
        assert selectors.status_counts(event)["unconfirmed"] == 1
        _agrees(event, other)
        services.registration_confirm_email(registration=guest)  # unconfirmed → waiting
        _agrees(event, other)
        services.registration_cancel(registration=anna, notify=False)  # a seat is offered to the first waiting
        _agrees(event, other)
        assert selectors.status_counts(event)["offered"] + selectors.status_counts(event)["confirmed"] == 2
    with time_machine.travel(AT_THE_DOOR, tick=False):
        ben.refresh_from_db()
        services.registration_check_in(registration=ben, by=None)
        _agrees(event, other)
        assert selectors.status_counts(event)[ATTENDED] == 1
        services.registration_check_in(registration=ben, by=None, attended=False)  # undone
        services.registration_check_in(registration=ben, by=None)
        _agrees(event, other)
        # Around the services: a bulk update, a move to another event, a delete, a bulk insert.
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).update(
            status=RegistrationStatus.CANCELLED
        )
        _agrees(event, other)
        Registration.objects.filter(pk=cem.pk).update(event=other)
        _agrees(event, other)
        Registration.objects.filter(pk=ben.pk).delete()
        _agrees(event, other)
        Registration.objects.bulk_create(
            [
                Registration(event=other, name=f"Massen {i}", email=f"massen{i}@example.org", status="confirmed")
                for i in range(5)
            ]
        )
        _agrees(event, other)
        services.event_cancel(event=other, by=None)
        _agrees(event, other)


def test_an_event_deleted_takes_its_tally_with_it(lab):
    event = EventFactory(lab=lab)
    register(event, UserFactory())
    assert RegistrationTally.objects.filter(event=event).exists()
    event.delete()
    assert not RegistrationTally.objects.exists()


def test_a_change_that_leaves_status_and_check_in_alone_leaves_the_tally_alone(lab):
    event = EventFactory(lab=lab)
    registration = register(event, UserFactory())
    before = selectors.status_counts(event)
    Registration.objects.filter(pk=registration.pk).update(name="Neu", status=registration.status)
    registration.refresh_from_db()
    registration.save()
    assert selectors.status_counts(event) == before == _counted(event)
