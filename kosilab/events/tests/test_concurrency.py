"""No overbooking, ever: concurrent registrations and cancellations, through a real server (gunicorn,
several processes and threads) and through the services in threads. Run on SQLite and on
PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.hashers import make_password

from kosilab.accounts.models import User
from kosilab.core.errors import DomainError
from kosilab.core.tests.concurrency import run_at_once
from kosilab.core.tests.live import fire, session_cookie
from kosilab.events import services
from kosilab.events.models import ACTIVE_STATUSES, Event, Registration, RegistrationStatus
from kosilab.events.tests.factories import EventFactory, register

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

S = RegistrationStatus
THREADS = 12


def _users(n: int, prefix: str) -> list[User]:
    password = make_password(None)  # unusable: these people only come with a session cookie
    User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.org", name=f"{prefix} {i}", password=password, language="en") for i in range(n)
    )
    return list(User.objects.filter(email__startswith=prefix).order_by("id"))


def _statuses(event: Event) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in Registration.objects.filter(event=event).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def _no_server_errors(replies) -> None:
    bad = [(r.status, r.text[:200]) for r in replies if r.status >= 500 or r.status == 0]
    assert bad == []


# --- Through a real server -------------------------------------------------------------------


def test_200_people_for_20_seats_through_the_server(app_server):
    event = EventFactory(capacity=20)
    people = _users(200, "crowd")
    cookies: list[str | None] = [session_cookie(user) for user in people]

    replies = fire(f"{app_server.url}/events/{event.pk}/register/", bodies=[{}] * 200, cookies=cookies)

    _no_server_errors(replies)
    assert {r.status for r in replies} == {302}
    event.refresh_from_db()
    assert event.seats_taken == 20
    assert _statuses(event) == {S.CONFIRMED: 20, S.WAITING: 180}
    assert Registration.objects.filter(event=event).values("user").distinct().count() == 200


def test_a_tenfold_double_click_through_the_server_registers_once(app_server):
    event = EventFactory(capacity=20)
    [person] = _users(1, "clicker")
    cookie = session_cookie(person)

    replies = fire(f"{app_server.url}/events/{event.pk}/register/", bodies=[{}] * 10, cookies=[cookie] * 10)

    _no_server_errors(replies)
    assert {r.status for r in replies} == {302}
    assert Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES).count() == 1
    event.refresh_from_db()
    assert event.seats_taken == 1


def test_guests_double_clicking_through_the_server_get_one_registration(app_server):
    event = EventFactory(capacity=5)
    body = {"name": "Gina Gast", "email": "gina@example.org"}

    replies = fire(f"{app_server.url}/events/{event.pk}/register/", bodies=[body] * 10, cookies=[None] * 10)

    _no_server_errors(replies)
    assert {r.status for r in replies} == {200}
    assert Registration.objects.filter(event=event).count() == 1
    event.refresh_from_db()
    assert event.seats_taken == 0  # no seat before the e-mail is confirmed


def test_concurrent_cancellations_give_each_freed_seat_to_exactly_one_waiting_person(app_server):
    event = EventFactory(capacity=20)
    people = _users(50, "queue")
    registrations = [register(event, user) for user in people]
    holders = [r for r in registrations if r.status == S.CONFIRMED]
    waiting = [r for r in registrations if r.status == S.WAITING]
    assert (len(holders), len(waiting)) == (20, 30)

    # Every holder clicks "cancel" twice at once.
    urls = [f"{app_server.url}/events/r/{r.token}/cancel/" for r in holders for _ in range(2)]
    with ThreadPoolExecutor(max_workers=40) as pool:
        replies = [
            reply
            for replies in pool.map(lambda url: fire(url, bodies=[{}], cookies=[None], workers=1), urls)
            for reply in replies
        ]

    _no_server_errors(replies)
    event.refresh_from_db()
    assert event.seats_taken == 20
    assert _statuses(event) == {S.CANCELLED: 20, S.CONFIRMED: 20, S.WAITING: 10}
    promoted = set(Registration.objects.filter(event=event, status=S.CONFIRMED).values_list("pk", flat=True))
    assert promoted == {r.pk for r in waiting[:20]}  # in the order of the waiting list


# --- Through the services, in threads --------------------------------------------------------


def test_many_threads_never_overbook():
    event = EventFactory(capacity=5)
    people = _users(THREADS * 2, "thread")

    results, errors = run_at_once(lambda i: register(event, people[i]).status, THREADS * 2)

    assert errors == []
    assert sorted(results).count(S.CONFIRMED) == 5
    event.refresh_from_db()
    assert event.seats_taken == 5
    assert _statuses(event) == {S.CONFIRMED: 5, S.WAITING: THREADS * 2 - 5}


def test_double_clicks_in_threads_make_one_registration_and_one_seat():
    event = EventFactory(capacity=5)
    [person] = _users(1, "double")

    def once(i: int) -> int:
        try:
            return register(event, person).pk
        except services.AlreadyRegistered as already:
            return already.registration.pk

    results, errors = run_at_once(once, THREADS)

    assert errors == []
    assert len(set(results)) == 1
    event.refresh_from_db()
    assert event.seats_taken == 1


def test_concurrent_cancels_and_offers_move_each_seat_once():
    event = EventFactory(capacity=4, offer_hours=6)
    people = _users(10, "offer")
    registrations = [register(event, user) for user in people]
    holders = registrations[:4]

    def cancel(i: int) -> str:
        return services.registration_cancel(registration=holders[i % 4]).status

    results, errors = run_at_once(cancel, 8)

    assert errors == [] and set(results) == {S.CANCELLED}
    event.refresh_from_db()
    assert event.seats_taken == 4
    assert _statuses(event) == {S.CANCELLED: 4, S.OFFERED: 4, S.WAITING: 2}

    offered = list(Registration.objects.filter(event=event, status=S.OFFERED))

    def accept(i: int) -> str:
        try:
            return services.offer_accept(registration=offered[i % 4]).status
        except DomainError as error:
            return error.message

    results, errors = run_at_once(accept, 8)
    assert errors == [] and set(results) == {S.CONFIRMED}
    event.refresh_from_db()
    assert event.seats_taken == 4
