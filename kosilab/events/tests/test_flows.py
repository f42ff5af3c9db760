"""Flows without detours (issue 13): creating an event ends on a page that publishes it, with a
message that says what the page offers; the attendee list of a large event is searched and paged
with a flat number of queries. The clock is frozen; every event lies after it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from kosilab.core.tests.queries import count
from kosilab.events.models import Event, EventStatus, Registration, RegistrationStatus
from kosilab.events.tests.factories import EventFactory
from kosilab.events.views.organiser import ATTENDEES_PER_PAGE

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2031, 3, 7, 15, 0, tzinfo=BERLIN)
STARTS = dt.datetime(2031, 3, 12, 14, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def _english_and_frozen(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(NOW, tick=False):
        yield


def _data(**values: str) -> dict[str, str]:
    data = {
        "kind": "workshop",
        "title": "Repair café",
        "starts_at": "2031-03-12T14:00",
        "ends_at": "2031-03-12T16:00",
        "address": "Markt 1",
        "capacity": "12",
        "offer_hours": "0",
    }
    data.update(values)
    return data


# --- Create, then publish ---------------------------------------------------------------------------


def test_creating_lands_on_a_page_that_publishes_and_the_message_says_so(client, lab, manager):
    client.force_login(manager)
    response = client.post(f"/events/new/{lab.slug}/", _data(), follow=True)
    event = Event.objects.get()
    assert response.redirect_chain == [(f"/events/{event.pk}/edit/", 302)]
    page = response.content.decode()
    assert "The event has been saved as a draft. Add questions if you need them, then publish it." in page
    assert f'action="/events/{event.pk}/publish/"' in page and "Publish the event" in page
    assert "has been published" not in page

    response = client.post(f"/events/{event.pk}/publish/", follow=True)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert response.redirect_chain == [(f"/events/{event.pk}/", 302)]
    page = response.content.decode()
    assert "The event has been published." in page
    assert f'action="/events/{event.pk}/publish/"' not in page  # nothing left to publish


def test_saving_a_draft_says_it_is_a_draft_and_keeps_the_publish_button(client, lab, manager):
    event = EventFactory(lab=lab, status=EventStatus.DRAFT, starts_at=STARTS, ends_at=STARTS + dt.timedelta(hours=2))
    client.force_login(manager)
    page = client.post(f"/events/{event.pk}/edit/", _data(title="Repair café XL"), follow=True).content.decode()
    assert "The draft has been saved. Publish it when it is ready." in page
    assert "Publish the event" in page


def test_a_published_event_is_saved_without_a_publish_button(client, lab, manager):
    event = EventFactory(lab=lab, starts_at=STARTS, ends_at=STARTS + dt.timedelta(hours=2))
    client.force_login(manager)
    page = client.post(f"/events/{event.pk}/edit/", _data(), follow=True).content.decode()
    assert "The event has been saved." in page
    assert "Publish the event" not in page and f"/events/{event.pk}/publish/" not in page


def test_a_draft_in_the_past_is_refused_with_a_message_and_stays_a_draft(client, lab, manager):
    past = NOW - dt.timedelta(days=1)
    event = EventFactory(lab=lab, status=EventStatus.DRAFT, starts_at=past, ends_at=past + dt.timedelta(hours=2))
    client.force_login(manager)
    page = client.post(f"/events/{event.pk}/publish/", follow=True).content.decode()
    assert "An event in the past cannot be published." in page
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


# --- Large attendee lists ---------------------------------------------------------------------------


def _big_event(lab, n: int) -> Event:
    """An event with ``n`` confirmed registrations (written at once: 500 go through no service)."""
    event = EventFactory(lab=lab, capacity=1000, starts_at=STARTS, ends_at=STARTS + dt.timedelta(hours=3))
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Person {i:03d}",
            email=f"person{i:03d}@example.org",
            status=RegistrationStatus.CONFIRMED,
            token=f"token-{event.pk}-{i}",
            code=f"C{event.pk:03d}{i:04d}",
        )
        for i in range(n)
    )
    Event.objects.filter(pk=event.pk).update(seats_taken=n)
    return event


@pytest.mark.parametrize("query", ["", "?q=person&status=active", "?page=3"], ids=["all", "search", "page-3"])
def test_the_attendee_list_has_the_same_query_count_with_5_and_500(client, lab, manager, query):
    from kosilab.events.tests.test_query_counts import PINS

    client.force_login(manager)
    small, large = _big_event(lab, 5), _big_event(lab, 500)
    counts = [count(client, f"/events/{event.pk}/attendees/{query}") for event in (small, large)]
    assert counts == [PINS["attendees"][True]] * 2


def test_the_attendee_list_is_paged_and_searched_by_name_or_email(client, lab, manager):
    event = _big_event(lab, 500)
    Registration.objects.filter(event=event, name="Person 321").update(
        name="Zora Zimmermann", email="zz@rathaus.example"
    )
    client.force_login(manager)
    url = f"/events/{event.pk}/attendees/"

    first = client.get(url)
    page = first.context["page_obj"]
    assert [r.name for r in page] == sorted(f"Person {i:03d}" for i in range(500))[:ATTENDEES_PER_PAGE]
    assert (page.count, page.count_capped, page.is_first, page.is_last) == (500, False, True, False)
    assert "500 registrations" in first.content.decode()

    for query in ("zimmer", "ZZ@RATHAUS"):
        found = client.get(url, {"q": query})
        assert [r.name for r in found.context["page_obj"]] == ["Zora Zimmermann"]
    # Walked by name: the next page begins after the last name shown and keeps the search.
    searched = client.get(url, {"q": "person 1"})  # Person 100–199: two pages
    after = searched.context["page_obj"].next_cursor
    assert f"?q=person+1&amp;after={after}" in searched.content.decode()
    second = client.get(url, {"q": "person 1", "after": after}).context["page_obj"]
    assert [r.name for r in second] == [f"Person {i}" for i in range(150, 200)]
    assert second.is_last
    # The last page, the oldest names of the list, costs one index range as well.
    last = client.get(url, {"page": "last"}).context["page_obj"]
    assert [r.name for r in last][-1] == "Zora Zimmermann"
    assert last.is_last


def test_the_attendee_table_alone_is_swapped_for_a_search(client, lab, manager):
    event = _big_event(lab, 60)
    client.force_login(manager)
    response = client.get(
        f"/events/{event.pk}/attendees/", {"q": "Person 05"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="attendee-table"
    )
    page = response.content.decode()
    assert page.startswith('<div id="attendee-table">') and "<html" not in page
    assert "Person 050" in page and "Person 010" not in page
