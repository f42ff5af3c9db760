"""The demo data loads through the services, once, and shows what the rooms and events can do."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kosilab.events.models import Event, Registration, RegistrationStatus
from kosilab.rooms.models import Booking, Room

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_rooms_and_events_once():
    call_command("seed_demo", verbosity=0)
    counts = (Room.objects.count(), Booking.objects.count(), Event.objects.count(), Registration.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (
        Room.objects.count(),
        Booking.objects.count(),
        Event.objects.count(),
        Registration.objects.count(),
    ) == counts

    assert set(Room.objects.values_list("lab__slug", flat=True)) == {"dortmund", "wuppertal"}
    # A weekly series and a resources-only booking.
    assert Booking.objects.filter(series__isnull=False).count() == 8
    assert Booking.objects.filter(room__isnull=True).exists()
    # The full workshop has a waiting list; the network's training in Berlin has no lab.
    workshop = Event.objects.get(kind="workshop")
    assert workshop.seats_taken == workshop.capacity
    assert workshop.registrations.filter(status=RegistrationStatus.WAITING).count() == 1
    assert Event.objects.get(kind="training").lab is None
    # A past session with check-ins, for certificates and feedback.
    assert Registration.objects.filter(attended_at__isnull=False).count() == 2


def test_demo_pages_answer(client):
    call_command("seed_demo", verbosity=0)
    for event in Event.objects.all():
        assert client.get(event.get_absolute_url()).status_code == 200
    for room in Room.objects.all():
        assert client.get(room.get_absolute_url()).status_code == 200
    assert client.get("/events/").status_code == 200
    assert client.get("/rooms/lab/dortmund/week/").status_code == 200


def test_demo_has_a_session_plan_and_playbooks_part_way_and_further_along():
    from kosilab.planning.models import Session
    from kosilab.playbook.models import Assessment

    call_command("seed_demo", verbosity=0)
    plan = Session.objects.get(process__lab__slug="wuppertal", is_template=False)
    assert plan.blocks.count() == 5
    assert plan.blocks.filter(method__isnull=False).count() == 3
    assert Assessment.objects.filter(playbook__lab__slug="dortmund").count() == 2
    assert Assessment.objects.filter(playbook__lab__slug="wuppertal").count() == 3


def test_the_data_download_covers_planning_and_the_playbook():
    from kosilab.accounts.models import User
    from kosilab.accounts.services import user_export

    call_command("seed_demo", verbosity=0)
    facilitator = User.objects.get(email="moderation.wuppertal@kosilab.example.org")
    data = user_export(user=facilitator)
    assert [s["session"] for s in data["session_plans"]] == ["Lab-Sitzung: Standorte für die nächsten Fahrradgaragen"]
    assert {b["block"] for b in data["agenda_blocks_responsible_for"]} == {
        "Ankommen und Begrüßung",
        "Nächste Schritte und Abschluss",
    }
    manager = User.objects.get(email="leitung.wuppertal@kosilab.example.org")
    assert len(user_export(user=manager)["self_assessments_taken"]) == 3
