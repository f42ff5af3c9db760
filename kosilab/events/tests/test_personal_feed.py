"""A person's own calendar feed (kosilab/events/documents/personal_feed.py, views/feeds.py):
who sees which event in it, revocation, throttling of wrong secrets, the event's address in every
calendar item's description, the page in both languages, and its query count."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from kosilab.core.models import AuditEntry
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.core.tests.queries import count
from kosilab.events.feed_services import calendar_feed_create, calendar_feed_revoke, calendar_feed_used
from kosilab.events.models import CalendarFeed, EventStatus
from kosilab.events.tests.factories import EventFactory
from kosilab.labs.audit import action_label
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_remove, lab_team_set

pytestmark = pytest.mark.django_db


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")}


@pytest.fixture
def world():
    private = LabFactory(slug="closed", name="Closed", is_public=False)
    public = LabFactory(slug="open", name="Open")
    elsewhere = LabFactory(slug="elsewhere", name="Elsewhere", is_public=False)
    member, outsider, manager_elsewhere = UserFactory(), UserFactory(), UserFactory()
    lab_team_set(lab=private, user=member, role=LabRole.FACILITATOR, by=None)
    lab_team_set(lab=public, user=member, role=LabRole.MANAGER, by=None)
    lab_team_set(lab=elsewhere, user=manager_elsewhere, role=LabRole.MANAGER, by=None)
    EventFactory(lab=private, title="Private published")
    EventFactory(lab=private, title="Private draft", status=EventStatus.DRAFT)
    EventFactory(lab=private, title="Private cancelled", status=EventStatus.CANCELLED)
    EventFactory(lab=private, title="Private long past", starts_at=timezone.now() - timedelta(days=60))
    EventFactory(lab=public, title="Public own")
    EventFactory(lab=LabFactory(slug="stranger"), title="Public of another lab")
    EventFactory(lab=elsewhere, title="Elsewhere private")
    EventFactory(lab=None, organising_lab=private, title="Network organised")
    co = EventFactory(lab=None, organising_lab=elsewhere, title="Network co-organised")
    co.co_organisers.set([public])
    EventFactory(lab=None, organising_lab=elsewhere, title="Network of others")
    return {
        "private": private,
        "member": member,
        "outsider": outsider,
        "manager_elsewhere": manager_elsewhere,
    }


def _feed_url(user) -> str:
    return f"/events/feed/{calendar_feed_create(user=user, by=None).token}.ics"


# --- Who sees which event ------------------------------------------------------------------------

MEMBER_SEES = {
    "Private published",
    "Private cancelled",
    "Public own",
    "Network organised",
    "Network co-organised",
}


def test_a_member_gets_the_events_of_their_labs_private_ones_included(client, world):
    assert _titles(client.get(_feed_url(world["member"]))) == MEMBER_SEES


def test_a_person_on_no_team_gets_an_empty_feed(client, world):
    assert _titles(client.get(_feed_url(world["outsider"]))) == set()


def test_the_manager_of_another_lab_gets_only_their_own(client, world):
    assert _titles(client.get(_feed_url(world["manager_elsewhere"]))) == {
        "Elsewhere private",
        "Network co-organised",
        "Network of others",
    }


def test_a_platform_admin_gets_the_labs_they_belong_to_not_every_lab(client, world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    lab_team_set(lab=world["private"], user=admin, role=LabRole.MANAGER, by=None)
    assert _titles(client.get(_feed_url(admin))) == {"Private published", "Private cancelled", "Network organised"}


def test_leaving_the_team_takes_the_labs_events_out_on_the_next_fetch(client, world):
    url = _feed_url(world["member"])
    assert "Private published" in _titles(client.get(url))
    lab_team_remove(lab=world["private"], user=world["member"], by=None)
    assert _titles(client.get(url)) == {"Public own", "Network co-organised"}


def test_a_deactivated_account_has_no_feed(client, world):
    url = _feed_url(world["member"])
    world["member"].is_active = False
    world["member"].save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


# --- Revocation ----------------------------------------------------------------------------------


def test_revoked_and_replaced_addresses_answer_not_found(client, world):
    member = world["member"]
    first = calendar_feed_create(user=member, by=member)
    second = calendar_feed_create(user=member, by=member)
    assert first.token != second.token
    assert client.get(f"/events/feed/{first.token}.ics").status_code == 404
    assert client.get(f"/events/feed/{second.token}.ics").status_code == 200
    assert calendar_feed_revoke(feed=second, by=member) is True
    assert calendar_feed_revoke(feed=second, by=member) is False  # a second click changes nothing
    assert client.get(f"/events/feed/{second.token}.ics").status_code == 404
    assert CalendarFeed.objects.filter(user=member, revoked_at__isnull=True).count() == 0
    actions = list(AuditEntry.objects.filter(actor=member).order_by("pk").values_list("action", "data"))
    assert actions == [
        ("events.calendar_feed.created", {"replaced": 0}),
        ("events.calendar_feed.created", {"replaced": 1}),
        ("events.calendar_feed.revoked", {}),
    ]
    assert action_label("events.calendar_feed.revoked") == "Personal calendar address revoked"


def test_the_audit_log_never_holds_the_secret(world):
    feed = calendar_feed_create(user=world["member"], by=world["member"])
    calendar_feed_revoke(feed=feed, by=world["member"])
    for entry in AuditEntry.objects.filter(object_type="events.calendarfeed"):
        assert feed.token not in f"{entry.object_repr} {entry.data}"


def test_the_page_makes_renews_and_revokes_the_address(client, world):
    member = world["member"]
    client.force_login(member)
    page = client.get("/events/my-calendar/")
    assert "You have no calendar address at the moment." in page.content.decode()
    assert "no-store" in page["Cache-Control"]

    response = client.post("/events/my-calendar/new/", follow=True)
    first = CalendarFeed.objects.get(user=member, revoked_at__isnull=True)
    html = response.content.decode()
    assert "Your calendar address is ready." in html
    assert f'value="http://testserver/events/feed/{first.token}.ics"' in html
    assert 'for="feed-address"' in html

    response = client.post("/events/my-calendar/new/", follow=True)
    second = CalendarFeed.objects.get(user=member, revoked_at__isnull=True)
    assert second.pk != first.pk
    assert "The old one no longer works." in response.content.decode()

    response = client.post("/events/my-calendar/revoke/", follow=True)
    assert "Your calendar address no longer works." in response.content.decode()
    assert not CalendarFeed.objects.filter(user=member, revoked_at__isnull=True).exists()
    response = client.post("/events/my-calendar/revoke/", follow=True)
    assert "You have no calendar address to revoke." in response.content.decode()


def test_a_person_sees_only_their_own_address(client, world):
    others = calendar_feed_create(user=world["manager_elsewhere"], by=None)
    client.force_login(world["member"])
    assert others.token not in client.get("/events/my-calendar/").content.decode()
    client.post("/events/my-calendar/revoke/")
    assert CalendarFeed.objects.get(pk=others.pk).revoked_at is None


def test_the_page_in_german(client, world):
    client.force_login(world["member"])
    calendar_feed_create(user=world["member"], by=None)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    html = client.get("/events/my-calendar/").content.decode()
    assert '<html lang="de"' in html
    with translation.override("de"):  # what the German catalogue says (English until it has the string)
        for text in ("My calendar address", "Revoke the address", "Copy the address"):
            assert escape(gettext(text)) in html
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "My calendar address" in client.get("/events/my-calendar/").content.decode()


def test_last_fetched_is_recorded_at_most_hourly(client, world):
    feed = calendar_feed_create(user=world["member"], by=None)
    assert feed.last_used_at is None
    client.get(f"/events/feed/{feed.token}.ics")
    feed.refresh_from_db()
    first = feed.last_used_at
    assert first is not None
    calendar_feed_used(feed=feed)
    feed.refresh_from_db()
    assert feed.last_used_at == first


# --- Throttling ----------------------------------------------------------------------------------


@override_settings(KOSILAB_RATELIMIT_RATES={"token-link-miss": "3/15m"})
def test_guessing_secrets_is_throttled(client, world):
    url = _feed_url(world["member"])
    for n in range(3):
        assert client.get(f"/events/feed/guess{n}.ics").status_code == 404
    response = client.get("/events/feed/guess4.ics")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert client.get(url).status_code == 429  # even the right secret, until the window ends


# --- The event's address in every calendar item --------------------------------------------------


@pytest.mark.parametrize("feed", ["personal", "lab", "network", "event"])
def test_the_description_carries_the_events_address(client, world, feed):
    lab = LabFactory(slug="visible")
    lab_team_set(lab=lab, user=world["member"], role=LabRole.MANAGER, by=None)
    event = EventFactory(lab=lab, title="Werkstatt", description="Wir bauen; Fahrräder, um 10.")
    urls = {
        "personal": _feed_url(world["member"]),
        "lab": "/events/lab/visible/calendar.ics",
        "network": "/events/calendar.ics",
        "event": f"/events/{event.pk}/event.ics",
    }
    with override_settings(KOSILAB_SITE_URL="https://lab.example.org/"):
        response = client.get(urls[feed])
    calendar = icalendar.Calendar.from_ical(response.content)
    address = f"https://lab.example.org/events/{event.pk}/"
    descriptions = {str(v["URL"]): str(v["DESCRIPTION"]) for v in calendar.walk("VEVENT")}
    if feed == "network":  # a lab's event is not in the network's feed, so take one that is
        assert all(text.endswith("\n\n" + url) for url, text in descriptions.items())
        return
    assert descriptions[address] == f"Wir bauen; Fahrräder, um 10.\n\n{address}"


def test_an_event_without_description_gets_its_address_alone(client, world):
    event = EventFactory(lab=None, description="")
    calendar = icalendar.Calendar.from_ical(client.get(f"/events/{event.pk}/event.ics").content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["DESCRIPTION"]) == f"http://testserver/events/{event.pk}/"


# --- The lab page links members of a private lab to their address --------------------------------


def test_the_private_labs_page_links_its_team_to_the_address(client, world):
    client.force_login(world["member"])
    assert "/events/my-calendar/" in client.get("/labs/closed/").content.decode()
    assert "/events/my-calendar/" not in client.get("/labs/open/").content.decode()


# --- Query count ---------------------------------------------------------------------------------

FEED_QUERIES = 4  # the feed by its secret, the lab roles, the events, "last fetched" (at most hourly)


def test_the_feed_answers_with_a_fixed_number_of_queries(client, world):
    member = world["member"]
    url = _feed_url(member)
    first = count(client, url)
    for n in range(50):
        EventFactory(lab=world["private"], title=f"More {n}")
    CalendarFeed.objects.update(last_used_at=None)
    assert (first, count(client, url)) == (FEED_QUERIES, FEED_QUERIES)
    # Within the hour, "last fetched" is not written again: one query less.
    assert count(client, url) == FEED_QUERIES - 1


def test_the_page_answers_with_a_fixed_number_of_queries(client, world):
    client.force_login(world["member"])
    calendar_feed_create(user=world["member"], by=None)
    assert count(client, "/events/my-calendar/") == 4  # session, user, the active feed, lab roles (navigation)
