"""The session plan of an event: planned in one click from the event's page, shown there to the
team (never to the public), with recommendations for the people the event expects and the
materials of its setting. The clock is frozen; every event lies after it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from kosilab.core.errors import DomainError
from kosilab.core.tests.factories import UserFactory
from kosilab.events import selectors as event_selectors
from kosilab.events.models import Event, EventStatus
from kosilab.events.tests.factories import EventFactory, register
from kosilab.planning import selectors, services
from kosilab.planning.models import Session
from kosilab.planning.tests.factories import MethodFactory, SessionFactory, add_blocks
from kosilab.rooms.tests.factories import RoomFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# A Friday afternoon; the events below are in the week after.
NOW = dt.datetime(2031, 3, 7, 15, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _event(lab, process=None, *, start=dt.datetime(2031, 3, 12, 14, 0), minutes=210, **values) -> Event:
    starts = start.replace(tzinfo=BERLIN)
    return EventFactory(
        lab=lab, process=process, starts_at=starts, ends_at=starts + dt.timedelta(minutes=minutes), **values
    )


# --- Services -------------------------------------------------------------------------------


def test_planning_an_event_takes_its_day_time_duration_title_and_room(lab, process, manager):
    room = RoomFactory(lab=lab, name="Werkstatt")
    event = _event(lab, process, title="Zukunftswerkstatt Mobilität", room=room, address="")
    session = services.session_plan_event(event=event, by=manager)
    assert (session.event, session.process, session.lab_id) == (event, process, lab.pk)
    assert (session.title, session.date, session.starts_at) == (
        "Zukunftswerkstatt Mobilität",
        dt.date(2031, 3, 12),
        dt.time(14),
    )
    assert (session.slot_minutes, session.room) == (210, room)
    # A second click plans nothing twice.
    assert services.session_plan_event(event=event, by=manager) == session
    assert Session.objects.filter(event=event).count() == 1


def test_an_event_over_midnight_is_planned_until_the_end_of_its_first_day(lab, process, manager):
    event = _event(lab, process, start=dt.datetime(2031, 3, 12, 22, 0), minutes=240)
    session = services.session_plan_event(event=event, by=manager)
    assert (session.starts_at, session.slot_minutes) == (dt.time(22), 119)


def test_an_event_late_in_the_day_keeps_the_shortest_slot_on_its_day(lab, process, manager):
    event = _event(lab, process, start=dt.datetime(2031, 3, 12, 23, 50), minutes=60)
    session = services.session_plan_event(event=event, by=manager)
    assert (session.date, session.starts_at, session.slot_minutes) == (dt.date(2031, 3, 12), dt.time(23, 44), 15)


def test_an_event_without_a_process_cannot_be_planned_and_nothing_is_written(lab, manager):
    event = _event(lab)
    with pytest.raises(DomainError, match="Link the event to a lab process first"):
        services.session_plan_event(event=event, by=manager)
    assert not Session.objects.exists()


def test_a_session_links_only_an_event_of_its_lab(lab, other_lab, process, manager):
    session = SessionFactory(process=process, by=manager)
    elsewhere = _event(other_lab)
    with pytest.raises(DomainError, match="Choose an event of this lab") as refused:
        services.session_update(session=session, by=manager, event=elsewhere)
    assert refused.value.field == "event"
    session.refresh_from_db()
    assert session.event_id is None
    own = _event(lab)
    services.session_update(session=session, by=manager, event=own)
    session.refresh_from_db()
    assert session.event == own


def test_a_copy_and_a_template_are_not_plans_of_the_event(lab, process, manager):
    session = services.session_plan_event(event=_event(lab, process), by=manager)
    copy = services.session_copy(session=session, by=manager, date=dt.date(2031, 3, 19))
    template = services.session_save_as_template(session=session, by=manager, name="Werkstatt")
    assert copy.event_id is None and template.event_id is None


# --- The expected people and the setting ------------------------------------------------------


def test_the_expected_participants_are_the_seats_until_registration_closes_then_the_seats_taken(lab):
    event = _event(lab, capacity=40, registration_closes_at=dt.datetime(2031, 3, 10, 12, tzinfo=BERLIN))
    for _ in range(3):
        register(event, UserFactory())
    event.refresh_from_db()
    assert event_selectors.expected_participants(event) == 40
    closed = dt.datetime(2031, 3, 11, 9, tzinfo=BERLIN)
    assert event_selectors.expected_participants(event, now=closed) == 3
    nobody = _event(lab, capacity=12)
    assert event_selectors.expected_participants(nobody, now=nobody.starts_at) == 12


@pytest.mark.parametrize(
    ("where", "setting"),
    [
        ({"address": "Rathausplatz 1", "online_url": ""}, "offline"),
        ({"address": "", "online_url": "https://meet.example.org/lab"}, "online"),
        ({"address": "Rathausplatz 1", "online_url": "https://meet.example.org/lab"}, None),
    ],
    ids=["on-site", "online", "hybrid"],
)
def test_the_setting_of_an_event(lab, where, setting):
    assert event_selectors.event_setting(_event(lab, **where)) == setting


def test_recommendations_start_from_the_people_the_event_expects_and_its_setting(client, lab, process, manager):
    event = _event(lab, process, capacity=60, address="", online_url="https://meet.example.org/lab")
    session = services.session_plan_event(event=event, by=manager)
    big = MethodFactory(title_en="Open Space", group_min=20, group_max=200, online=True, offline=True)
    small = MethodFactory(title_en="Pair interview", group_min=2, group_max=8, online=True, offline=True)
    client.force_login(manager)
    response = client.get(f"/planning/{session.pk}/recommendations/")
    assert response.status_code == 200
    assert response.context["values"]["participants"] == 60
    assert response.context["values"]["setting"] == "online"
    found = [r.method for r in response.context["recommendations"]]
    assert big in found
    assert small not in found or found.index(big) < found.index(small)
    assert "Works online" in response.content.decode()


def test_recommendations_without_an_event_start_from_the_process_team(client, session, manager, member):
    client.force_login(manager)
    values = client.get(f"/planning/{session.pk}/recommendations/").context["values"]
    assert (values["participants"], values["setting"]) == (1, "offline")


# --- Materials ----------------------------------------------------------------------------------

MATERIALS = "Tables for 4–5 people\nMarkers\nOnline: video call with breakout rooms"


def _materials_for(lab, process, manager, **where):
    event = _event(lab, process, **where)
    session = services.session_plan_event(event=event, by=manager)
    services.block_add(
        session=session, by=manager, method=MethodFactory(materials_en=MATERIALS, online=True, offline=True)
    )
    services.block_add(
        session=session,
        by=manager,
        method=MethodFactory(materials_en="Paper prototypes\nScissors", online=False, offline=True),
    )
    services.block_add(session=session, by=manager, title="Welcome", minutes=10, materials="Name tags")
    blocks = selectors.blocks_of(session)
    return [m.name for m in selectors.materials(blocks, selectors.session_setting(session))]


def test_an_on_site_session_lists_no_online_items(lab, process, manager):
    names = _materials_for(lab, process, manager, address="Rathausplatz 1", online_url="")
    assert names == ["Tables for 4–5 people", "Markers", "Paper prototypes", "Scissors", "Name tags"]


def test_an_online_session_lists_no_room_items(lab, process, manager):
    names = _materials_for(lab, process, manager, address="", online_url="https://meet.example.org/lab")
    assert names == ["video call with breakout rooms", "Name tags"]


def test_a_hybrid_session_lists_everything(lab, process, manager):
    names = _materials_for(lab, process, manager, address="Rathausplatz 1", online_url="https://meet.example.org/lab")
    assert "Markers" in names and "Online: video call with breakout rooms" in names


def test_the_session_page_and_print_view_follow_the_setting(client, lab, process, manager):
    event = _event(lab, process, address="", online_url="https://meet.example.org/lab")
    session = services.session_plan_event(event=event, by=manager)
    services.block_add(
        session=session, by=manager, method=MethodFactory(materials_en=MATERIALS, online=True, offline=True)
    )
    client.force_login(manager)
    for url in (f"/planning/{session.pk}/", f"/planning/{session.pk}/print/"):
        page = client.get(url).content.decode()
        assert "video call with breakout rooms" in page
        assert "Tables for 4–5 people" not in page


# --- The event's page -----------------------------------------------------------------------------


def test_the_event_page_shows_the_agenda_to_the_team_and_not_to_the_public(client, lab, process, manager, member):
    event = _event(lab, process, title="Zukunftswerkstatt")
    session = services.session_plan_event(event=event, by=manager)
    method = MethodFactory(title_en="World Café", duration_min=45, duration_max=90)
    services.block_add(session=session, by=manager, method=method)
    add_blocks(session, 15)
    url = f"/events/{event.pk}/"

    anonymous = client.get(url).content.decode()
    assert "World Café" not in anonymous and "Plan the session" not in anonymous

    client.force_login(UserFactory())
    outsider = client.get(url).content.decode()
    assert "World Café" not in outsider and "event-agenda-heading" not in outsider

    for person in (manager, member):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert "event-agenda-heading" in page
        assert "14:00–14:45" in page and "World Café" in page and "14:45–15:00" in page
        assert f"/planning/{session.pk}/" in page
        assert "Plan the session" not in page


def test_the_event_page_offers_plan_the_session_to_who_plans_it(client, lab, process, manager, member):
    event = _event(lab, process)
    client.force_login(manager)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Plan the session" in page and f"/planning/event/{event.pk}/plan/" in page
    client.force_login(member)  # reads plans, does not plan
    assert "Plan the session" not in client.get(f"/events/{event.pk}/").content.decode()


def test_an_event_without_a_process_says_what_to_do(client, lab, manager):
    event = _event(lab)
    client.force_login(manager)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "link the event to a lab process" in page and "Plan the session" not in page
    response = client.post(f"/planning/event/{event.pk}/plan/", follow=True)
    assert "Link the event to a lab process first" in response.content.decode()
    assert not Session.objects.exists()


def test_a_cancelled_event_offers_no_planning(client, lab, process, manager):
    event = _event(lab, process, status=EventStatus.CANCELLED)
    client.force_login(manager)
    assert "Plan the session" not in client.get(f"/events/{event.pk}/").content.decode()


def test_plan_the_session_in_one_click(client, lab, process, manager):
    event = _event(lab, process, title="Zukunftswerkstatt")
    client.force_login(manager)
    response = client.post(f"/planning/event/{event.pk}/plan/")
    session = Session.objects.get(event=event)
    assert response.status_code == 302 and response["Location"] == f"/planning/{session.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "The session plan of the event has been created" in page
    assert f'href="/events/{event.pk}/"' in page  # back to the event
    again = client.post(f"/planning/event/{event.pk}/plan/", follow=True)
    assert "The event has a session plan already." in again.content.decode()
    assert Session.objects.filter(event=event).count() == 1


def test_the_session_form_links_an_event_of_the_lab(client, lab, process, manager, other_lab):
    session = SessionFactory(process=process, by=manager)
    own = _event(lab, title="Our event")
    _event(other_lab, title="Their event")
    _event(lab, title="Called off", status=EventStatus.CANCELLED)
    client.force_login(manager)
    form = client.get(f"/planning/{session.pk}/edit/").context["form"]
    assert [e.title for e in form.fields["event"].queryset] == ["Our event"]
    data = {
        "title": session.title,
        "date": "2031-03-12",
        "starts_at": "14:00",
        "slot_minutes": "180",
        "event": str(own.pk),
    }
    assert client.post(f"/planning/{session.pk}/edit/", data).status_code == 302
    session.refresh_from_db()
    assert session.event == own


def test_the_event_page_query_count_does_not_grow_with_blocks(client, lab, process, manager, django_assert_num_queries):
    from kosilab.core.tests.queries import count

    event = _event(lab, process)
    session = services.session_plan_event(event=event, by=manager)
    client.force_login(manager)
    add_blocks(session, 10)
    one = count(client, f"/events/{event.pk}/")
    add_blocks(session, *([5] * 30))
    assert count(client, f"/events/{event.pk}/") == one
    assert timezone.now() < event.starts_at


def test_an_event_of_the_network_has_no_session_plan(client, admin_user):
    event = EventFactory(
        lab=None,
        starts_at=dt.datetime(2031, 3, 12, 14, tzinfo=BERLIN),
        ends_at=dt.datetime(2031, 3, 12, 16, tzinfo=BERLIN),
    )
    client.force_login(admin_user)
    assert "Plan the session" not in client.get(f"/events/{event.pk}/").content.decode()
    assert client.post(f"/planning/event/{event.pk}/plan/").status_code == 404
    assert not Session.objects.exists()


def test_the_process_sessions_name_their_event(client, lab, process, manager):
    event = _event(lab, process, title="Zukunftswerkstatt")
    services.session_plan_event(event=event, by=manager)
    client.force_login(manager)
    page = client.get(f"/planning/process/{process.pk}/").content.decode()
    assert "Plan of the event" in page and f'href="/events/{event.pk}/"' in page
