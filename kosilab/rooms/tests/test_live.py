"""No clash, ever: 50 simultaneous overlapping bookings through a real app server (gunicorn with
several processes and threads), on whichever database the suite runs on."""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import UserFactory
from kosilab.core.tests.live import fire, session_cookie
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.rooms.models import BookedResource, Booking
from kosilab.rooms.tests.factories import ResourceFactory, RoomFactory, next_monday

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

CLASH = "is already booked on"


def _organisers(lab, n=5):
    cookies = []
    for i in range(n):
        user = UserFactory()
        lab_team_set(lab=lab, user=user, role=LabRole.MANAGER if i == 0 else LabRole.FACILITATOR, by=None)
        cookies.append(session_cookie(user))
    return cookies


def test_fifty_simultaneous_overlapping_bookings_one_wins(app_server, lab):
    room = RoomFactory(lab=lab, name="Workshop room")
    cookies = _organisers(lab)
    day = next_monday().isoformat()
    # Every request overlaps every other: all contain 11:00-11:30.
    bodies = [
        {"purpose": f"Meeting {i}", "date": day, "starts_at": f"{10 + i % 2}:{(i % 3) * 10:02d}", "ends_at": "11:30"}
        for i in range(50)
    ]
    replies = fire(
        f"{app_server.url}/rooms/{room.pk}/book/", bodies=bodies, cookies=[cookies[i % 5] for i in range(50)]
    )
    statuses = sorted(r.status for r in replies)
    assert [s for s in statuses if s >= 500 or s == 0] == [], [r.text[:300] for r in replies if r.status >= 500]
    assert statuses.count(302) == 1, statuses
    assert statuses.count(409) == 49, statuses
    assert all(CLASH in r.text for r in replies if r.status == 409)
    assert Booking.objects.filter(room=room).count() == 1


def test_simultaneous_resource_bookings_never_exceed_the_quantity(app_server, lab):
    bikes = ResourceFactory(lab=lab, name="Cargo bike", quantity=3)
    cookies = _organisers(lab)
    day = next_monday().isoformat()
    bodies = [
        {"purpose": f"Delivery {i}", "date": day, "starts_at": "10:00", "ends_at": "12:00", f"resource_{bikes.pk}": "1"}
        for i in range(30)
    ]
    replies = fire(
        f"{app_server.url}/rooms/lab/{lab.slug}/book/", bodies=bodies, cookies=[cookies[i % 5] for i in range(30)]
    )
    statuses = sorted(r.status for r in replies)
    assert [s for s in statuses if s >= 500 or s == 0] == []
    assert statuses.count(302) == 3, statuses
    assert statuses.count(409) == 27, statuses
    assert all("Cargo bike: only 0 of 3 free" in r.text for r in replies if r.status == 409)
    assert BookedResource.objects.filter(resource=bikes).count() == 3
