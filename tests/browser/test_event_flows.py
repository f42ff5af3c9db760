"""Flows without detours (issue 13) in the browser: create an event and publish it from the page
the form lands on; plan the session from the event's page (the team sees the agenda there, an
anonymous visitor does not); search the attendee list of a large event.

Events lie two weeks ahead of whatever the clock says (the live server runs on the real clock)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kosilab.core.tests.factories import ProcessFactory, UserFactory
from kosilab.events.models import Event, EventStatus, Registration, RegistrationStatus
from kosilab.events.tests.factories import EventFactory
from kosilab.labs.services import lab_team_set
from kosilab.planning.models import Session

pytestmark = pytest.mark.browser


def _manager(lab):
    person = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=person, role="manager", by=None)
    return person


def _two_weeks_ahead(hour: int = 14) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=14)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_create_an_event_and_publish_it_from_the_landing_page(ui, lab):
    _manager(lab)
    starts = _two_weeks_ahead()
    ui.log_in("mara@example.org")
    ui.visit(f"/events/new/{lab.slug}/")
    ui.page.locator("#id_kind").select_option("workshop")
    ui.fill(
        {
            "#id_title": "Reparaturcafé im Quartier",
            "#id_starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "#id_ends_at": (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "#id_address": "Markt 1, Dortmund",
            "#id_capacity": "25",
        }
    )
    ui.submit("#id_title")
    event = Event.objects.get(title="Reparaturcafé im Quartier")
    assert ui.path == f"/events/{event.pk}/edit/"
    main = ui.page.locator("main").inner_text()
    assert "saved as a draft" in main and "then publish it" in main
    # The page offers what the message says.
    publish = ui.page.get_by_role("button", name="Publish the event")
    assert publish.count() == 1
    with ui.page.expect_navigation():
        publish.click()
    ui.check_a11y()
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert ui.path == f"/events/{event.pk}/"
    assert "The event has been published." in ui.page.locator("main").inner_text()
    assert ui.page.get_by_role("button", name="Publish").count() == 0


def test_plan_the_session_from_the_event_and_only_the_team_sees_the_agenda(new_ui, lab):
    _manager(lab)
    process = ProcessFactory(lab=lab, title="Fahrradgaragen im Quartier")
    starts = _two_weeks_ahead(hour=10)
    event = EventFactory(
        lab=lab, process=process, title="Ideenwerkstatt", starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )

    team = new_ui()
    team.log_in("mara@example.org")
    team.visit(event.get_absolute_url())
    team.submit("main form[action$='/plan/'] button")
    session = Session.objects.get(event=event)
    assert team.path == f"/planning/{session.pk}/"
    assert (session.date, session.starts_at, session.slot_minutes) == (starts.date(), datetime.time(10), 180)
    team.fill({"#id_free-title": "Ankommen und Kaffee", "#id_free-minutes": "20"})
    team.submit("#id_free-minutes")
    team.fill({"#id_free-title": "Ideen sammeln", "#id_free-minutes": "60"})
    team.submit("#id_free-minutes")

    team.follow(f"main a[href='/events/{event.pk}/']")
    agenda = team.page.locator("section.event-agenda").inner_text()
    assert "10:00–10:20" in agenda and "Ankommen und Kaffee" in agenda and "10:20–11:20" in agenda
    assert team.page.get_by_role("button", name="Plan the session").count() == 0

    visitor = new_ui()
    visitor.visit(event.get_absolute_url())
    assert visitor.page.locator("section.event-agenda").count() == 0
    assert "Ankommen und Kaffee" not in visitor.page.locator("main").inner_text()


def test_search_the_attendee_list_of_a_large_event(ui, lab):
    _manager(lab)
    starts = _two_weeks_ahead()
    event = EventFactory(lab=lab, capacity=500, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Person {i:03d}",
            email=f"person{i:03d}@example.org",
            status=RegistrationStatus.CONFIRMED,
            token=f"browser-{i}",
            code=f"B{i:07d}",
        )
        for i in range(120)
    )
    Registration.objects.filter(event=event, name="Person 077").update(
        name="Zora Zimmermann", email="zora@rathaus.example"
    )
    Event.objects.filter(pk=event.pk).update(seats_taken=120)

    ui.log_in("mara@example.org")
    ui.visit(f"/events/{event.pk}/attendees/")
    assert ui.page.locator("#attendee-table tbody tr").count() == 50
    assert "120" in ui.page.locator("#attendee-table caption").inner_text()
    ui.follow("#attendee-table a[rel=next]")
    assert ui.page.locator("#attendee-table tbody tr").first.inner_text().startswith("Person 050")
    assert "First page" in ui.page.locator("#attendee-table nav.pagination").inner_text()

    ui.htmx(lambda: ui.page.locator("#id_q").fill("rathaus.example"))
    rows = ui.page.locator("#attendee-table tbody tr")
    assert rows.count() == 1 and "Zora Zimmermann" in rows.inner_text()
    assert ui.page.locator("#attendee-table nav.pagination").count() == 0
