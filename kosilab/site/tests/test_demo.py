"""The demo data loads through the services, once, and shows what the rooms and events can do."""

from __future__ import annotations

import datetime
import itertools
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from kosilab.cooperation.ties import Scope, build_graph, collect_ties
from kosilab.events.models import Event, Registration, RegistrationStatus
from kosilab.labs.models import Lab
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
    assert Registration.objects.filter(attended_at__isnull=False).count() == 4


def test_the_demo_lab_in_dortmund_has_a_network_across_all_four_sectors():
    call_command("seed_demo", verbosity=0)
    dortmund = Lab.objects.get(slug="dortmund")
    graph = build_graph(Scope(lab_id=dortmund.pk))
    sectors = {graph.nodes[node]["sector"] for node in graph}
    assert sectors >= {"public", "business", "civil_society", "science"}
    kinds = {tie.kind for tie in collect_ties(Scope(lab_id=dortmund.pk))}
    assert kinds >= {"team", "challenge", "event", "handover"}
    # The participants joined over the past year, so the network grows over several quarters.
    days = {tie.on for tie in collect_ties(Scope(lab_id=dortmund.pk, kinds=frozenset({"challenge"})))}
    assert max(days) - min(days) > datetime.timedelta(days=180)


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


# --- The demo on any day at any hour ----------------------------------------------------------------

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UTC = datetime.UTC
A_WEEK = [datetime.date(2027, 6, 7) + datetime.timedelta(days=n) for n in range(7)]  # Monday to Sunday
CLOCKS = [
    *(datetime.datetime.combine(day, time, tzinfo=BERLIN) for day in A_WEEK for time in [
        datetime.time(0, 0), datetime.time(7, 59), datetime.time(12, 0), datetime.time(23, 59, 59)
    ]),
    # Spring forward on 28 March 2027 (02:00 CET → 03:00 CEST) and fall back on 31 October 2027
    # (03:00 CEST → 02:00 CET, the hour from 02:00 to 03:00 happens twice).
    datetime.datetime(2027, 3, 27, 23, 59, tzinfo=BERLIN),
    datetime.datetime(2027, 3, 28, 0, 59, tzinfo=UTC),  # 01:59 CET
    datetime.datetime(2027, 3, 28, 1, 0, tzinfo=UTC),  # 03:00 CEST
    datetime.datetime(2027, 3, 28, 1, 30, tzinfo=UTC),  # 03:30 CEST
    datetime.datetime(2027, 10, 31, 0, 30, tzinfo=UTC),  # 02:30 CEST, the first time
    datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC),  # 02:30 CET, the second time
    datetime.datetime(2027, 10, 31, 2, 0, tzinfo=UTC),  # 03:00 CET
    # New Year's Eve into the new year, and the leap day.
    datetime.datetime(2027, 12, 31, 23, 59, 59, tzinfo=BERLIN),
    datetime.datetime(2028, 1, 1, 0, 0, tzinfo=BERLIN),
    datetime.datetime(2028, 2, 28, 23, 59, tzinfo=BERLIN),
    datetime.datetime(2028, 2, 29, 0, 0, tzinfo=BERLIN),
    datetime.datetime(2028, 2, 29, 12, 0, tzinfo=BERLIN),
]  # fmt: skip
# The clock runs on while the demo loads: midnight, the year and the daylight-saving switch pass mid-load.
TICKING = [
    datetime.datetime(2027, 6, 11, 23, 59, 59, 900_000, tzinfo=BERLIN),  # Friday into Saturday
    datetime.datetime(2027, 6, 13, 23, 59, 59, 900_000, tzinfo=BERLIN),  # Sunday into Monday
    datetime.datetime(2027, 3, 28, 0, 59, 59, 900_000, tzinfo=UTC),  # 01:59:59.9 CET into 03:00 CEST
    datetime.datetime(2027, 12, 31, 23, 59, 59, 900_000, tzinfo=BERLIN),
]


def _clock_id(moment: datetime.datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%a-%Y-%m-%d-%H%M%Z")


def _counts() -> tuple[int, ...]:
    from kosilab.processes.models import PhaseTransition

    return (
        Room.objects.count(),
        Booking.objects.count(),
        Event.objects.count(),
        Registration.objects.count(),
        PhaseTransition.objects.count(),
    )


def _assert_the_demo_makes_sense(loaded_at: datetime.datetime) -> None:
    """What a reader of the demo expects, whatever day it was loaded on."""
    from kosilab.processes.models import PhaseTransition, Process, ProcessPhase

    now = timezone.now()
    # Rooms are booked within their opening hours, on days they are open, the same day start to end.
    for booking in Booking.objects.filter(room__isnull=False).select_related("room", "event"):
        start, end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
        room = booking.room
        assert start.date() == end.date(), booking
        assert room.open_on_weekends or start.weekday() < 5, booking
        assert room.opens_at <= start.time() and end.time() <= room.closes_at, booking
        # An event's booking is at the event's time: nothing stray is left where it was created.
        if booking.event is not None:
            assert (booking.starts_at, booking.ends_at) == (booking.event.starts_at, booking.event.ends_at)
    # No two confirmed bookings of a room overlap.
    for booking in Booking.objects.filter(room__isnull=False):
        assert not (
            Booking.objects.filter(room=booking.room, starts_at__lt=booking.ends_at, ends_at__gt=booking.starts_at)
            .exclude(pk=booking.pk)
            .exists()
        ), booking
    # One session took place (on a working day, before today); everything else is ahead.
    past = Event.objects.get(ends_at__lt=loaded_at)
    assert timezone.localtime(past.starts_at).weekday() < 5
    assert timezone.localdate(past.ends_at) < timezone.localdate(loaded_at)
    assert not Booking.objects.filter(starts_at__lt=loaded_at).exclude(event=past).exists()
    for registration in past.registrations.filter(attended_at__isnull=False):
        assert past.starts_at - datetime.timedelta(hours=1) <= registration.attended_at <= past.ends_at
    # The phase histories tell a story of months, in order, each move at its own minute, all before now.
    for process in Process.objects.all():
        moves = list(PhaseTransition.objects.filter(process=process).order_by("at"))
        assert moves, process
        assert len({move.at.replace(second=0, microsecond=0) for move in moves}) == len(moves)
        assert moves[-1].at < now
        assert moves[-1].at - moves[0].at > datetime.timedelta(days=60)
        phases = list(ProcessPhase.objects.filter(process=process, started_at__isnull=False).order_by("position"))
        assert timezone.localdate(phases[0].started_at) == process.started_on
        assert [phase.started_at for phase in phases] == [move.at for move in moves]
        assert all(phase.ended_at == after.started_at for phase, after in itertools.pairwise(phases))


@pytest.mark.parametrize("moment", CLOCKS, ids=_clock_id)
def test_the_demo_loads_at_any_date_and_time(moment):
    with time_machine.travel(moment, tick=False):
        call_command("seed_demo", verbosity=0)
        counts = _counts()
        call_command("seed_demo", verbosity=0)
        assert _counts() == counts
        _assert_the_demo_makes_sense(moment)


@pytest.mark.parametrize("moment", TICKING, ids=_clock_id)
def test_the_demo_loads_while_the_clock_passes_midnight(moment):
    with time_machine.travel(moment, tick=True):
        call_command("seed_demo", verbosity=0)
        assert timezone.now() > moment  # the clock did run on
        _assert_the_demo_makes_sense(moment)
