"""Guest registration and the registration's token links are rate-limited (kosilab/core/ratelimit.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client

from kosilab.core.tests.factories import UserFactory
from kosilab.events.models import Registration
from kosilab.events.tests.factories import EventFactory, register

pytestmark = pytest.mark.django_db

START = dt.datetime(2031, 3, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _guest(client: Client, event, email: str):
    return client.post(f"/events/{event.pk}/register/", {"name": "Gina Gast", "email": email})


def _assert_429(response) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many attempts" in response.content.decode()


def test_a_fourth_guest_registration_for_one_address_sends_nothing(client, django_capture_on_commit_callbacks):
    events = [EventFactory() for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for event in events[:3]:
            assert _guest(client, event, "victim@example.org").status_code == 200
        _assert_429(_guest(client, events[3], "Victim@Example.org"))
    assert len(mail.outbox) == 3
    assert not Registration.objects.filter(event=events[3]).exists()


def test_eleven_guest_registrations_from_one_address_are_throttled(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=50)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            assert _guest(client, event, f"guest{n}@example.org").status_code == 200
        _assert_429(_guest(client, event, "late@example.org"))
    assert Registration.objects.filter(event=event).count() == 10
    assert len(mail.outbox) == 10
    # Someone else, from another address, still registers.
    assert _guest(Client(REMOTE_ADDR="198.51.100.20"), event, "other@example.org").status_code == 200


def test_logged_in_people_are_counted_per_account(client):
    events = [EventFactory() for _ in range(11)]
    person, other = UserFactory(), UserFactory()
    client.force_login(person)
    for event in events[:10]:
        assert client.post(f"/events/{event.pk}/register/").status_code == 302
    _assert_429(client.post(f"/events/{events[10].pk}/register/"))
    client.force_login(other)  # same address, another account
    assert client.post(f"/events/{events[10].pk}/register/").status_code == 302


def test_guessing_registration_tokens_is_throttled_and_the_real_link_works_after_the_window(client, clock):
    registration = register(EventFactory(), email="gina@example.org")
    for n in range(20):
        assert client.get(f"/events/r/guess-{n}/").status_code == 404
    # Now every token link is refused from this address, real ones too (nothing tells which exist).
    for path in ("", "confirm/", "cancel/", "certificate.pdf", "feedback/"):
        _assert_429(client.get(f"/events/r/{registration.token}/{path}"))
    retry_after = int(client.get(f"/events/r/{registration.token}/")["Retry-After"])
    assert retry_after <= 15 * 60
    clock.shift(dt.timedelta(seconds=retry_after + 1))
    assert client.get(f"/events/r/{registration.token}/").status_code == 200


def test_opening_the_own_registration_often_is_never_throttled(client):
    registration = register(EventFactory(), email="gina@example.org")
    for _ in range(40):
        assert client.get(f"/events/r/{registration.token}/").status_code == 200
