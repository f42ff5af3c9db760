"""One person, one support: double clicks and retries count once, through a real server (gunicorn,
several processes and threads) and through the service in threads. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

from kosilab.accounts.models import User
from kosilab.cocreation import services
from kosilab.cocreation.models import Idea, Support
from kosilab.cocreation.tests.factories import idea, open_challenge
from kosilab.core.tests.concurrency import run_at_once
from kosilab.core.tests.factories import LabFactory
from kosilab.core.tests.live import fire, session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def _users(n: int, prefix: str) -> list[User]:
    password = make_password(None)
    User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.org", name=f"{prefix} {i}", password=password, language="en") for i in range(n)
    )
    return list(User.objects.filter(email__startswith=prefix).order_by("id"))


def _no_server_errors(replies) -> None:
    assert [(r.status, r.text[:200]) for r in replies if r.status >= 500 or r.status == 0] == []


@pytest.fixture
def the_idea():
    return idea(open_challenge(LabFactory(slug="c", name="C")))


def test_twenty_clicks_of_one_person_count_once_through_the_server(app_server, the_idea):
    [person] = _users(1, "clicker")
    cookie = session_cookie(person)

    replies = fire(f"{app_server.url}/ideas/{the_idea.pk}/support/", bodies=[{}] * 20, cookies=[cookie] * 20)

    _no_server_errors(replies)
    assert {r.status for r in replies} == {302}
    assert Support.objects.filter(idea=the_idea).count() == 1
    assert Idea.objects.get(pk=the_idea.pk).support_count == 1


def test_twenty_people_at_once_count_twenty_through_the_server(app_server, the_idea):
    people = _users(20, "crowd")
    cookies: list[str | None] = [session_cookie(user) for user in people]

    replies = fire(f"{app_server.url}/ideas/{the_idea.pk}/support/", bodies=[{}] * 20, cookies=cookies)

    _no_server_errors(replies)
    assert {r.status for r in replies} == {302}
    assert Support.objects.filter(idea=the_idea).count() == 20
    assert Idea.objects.get(pk=the_idea.pk).support_count == 20


def test_support_in_threads_counts_once_per_person(the_idea):
    [person] = _users(1, "threads")
    idea_row = Idea.objects.select_related("challenge").get(pk=the_idea.pk)

    results, errors = run_at_once(lambda i: services.idea_support(idea=idea_row, user=person), 12)

    assert errors == []
    assert sorted(results) == [False] * 11 + [True]
    assert Support.objects.filter(idea=the_idea).count() == 1
    assert Idea.objects.get(pk=the_idea.pk).support_count == 1
