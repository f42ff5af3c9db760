"""Pages kept for anonymous readers (kosilab/core/pagecache.py): a change is visible on the next
request, nothing personal or permission-dependent is ever served from the cache to someone else,
and every visitor gets their own CSRF token."""

from __future__ import annotations

import datetime
import http.client
import os
import time
import urllib.parse
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
import redis
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kosilab.challenges.models import Challenge, ChallengeStatus
from kosilab.cocreation.models import Idea
from kosilab.core import pagecache
from kosilab.core.mail import send_templated_mail
from kosilab.core.models import OutboxMail
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.core.tests.live import start_app_server
from kosilab.events.models import Event, EventStatus
from kosilab.impact.models import Indicator
from kosilab.labs.models import Lab, LabRole
from kosilab.labs.services import lab_team_set
from kosilab.methods.models import Method
from kosilab.processes.models import Process
from kosilab.results.models import Result
from kosilab.search.models import Entry

pytestmark = pytest.mark.django_db


def _dortmund() -> Lab:
    return Lab.objects.get(slug="dortmund")


def _challenge() -> Challenge:
    return Challenge.objects.filter(lab__slug="dortmund", status=ChallengeStatus.OPEN, ideas__isnull=False).first()


def _phase_idea() -> Idea:
    return Idea.objects.filter(phase__isnull=False, deleted=False, hidden=False).order_by("-created_at").first()


def _event() -> Event:
    return (
        Event.objects.filter(status=EventStatus.PUBLISHED, lab__slug="dortmund", starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )


def _process() -> Process:
    return Process.objects.filter(lab__slug="dortmund").exclude(status="draft").order_by("pk").first()


def _result() -> Result:
    return next(result for result in Result.objects.filter(lab__slug="dortmund").order_by("pk") if result.is_public)


def _indicator() -> Indicator:
    return Indicator.objects.filter(lab__slug="dortmund").order_by("pk").first()


def _retitle(model: type, pk: int, field: str) -> Callable[[str], None]:
    # QuerySet.update(): no model signal, so this proves that the writes themselves are seen.
    return lambda text: model.objects.filter(pk=pk).update(**{field: text})


# Every page kept for anonymous readers: how to reach it in the demo, and a change it must show at
# once. A new ``@anonymous_page_cache`` view needs a row here (test_every_kept_page_has_a_row).
def _pages() -> dict[str, tuple[str, Callable[[str], None]]]:
    dortmund, challenge, event, process, result = _dortmund(), _challenge(), _event(), _process(), _result()
    idea = challenge.ideas.filter(deleted=False, hidden=False).first()
    phase_idea = _phase_idea()
    method = Method.objects.get(slug="world-cafe")
    indicator = _indicator()
    return {
        "site:home": ("/", _retitle(Lab, dortmund.pk, "name")),
        "labs:list": (reverse("labs:list"), _retitle(Lab, dortmund.pk, "name")),
        "labs:detail": (reverse("labs:detail", args=[dortmund.slug]), _retitle(Lab, dortmund.pk, "name")),
        "challenges:list": (reverse("challenges:list"), _retitle(Challenge, challenge.pk, "title")),
        "challenges:detail": (
            reverse("challenges:detail", args=[challenge.pk]),
            _retitle(Challenge, challenge.pk, "title"),
        ),
        "processes:list": (reverse("processes:list"), _retitle(Process, process.pk, "title")),
        "processes:detail": (reverse("processes:detail", args=[process.pk]), _retitle(Process, process.pk, "title")),
        "events:list": (reverse("events:list"), _retitle(Event, event.pk, "title")),
        "events:detail": (reverse("events:detail", args=[event.pk]), _retitle(Event, event.pk, "title")),
        "methods:list": (reverse("methods:list"), _retitle(Method, method.pk, "title_de")),
        "methods:detail": (reverse("methods:detail", args=[method.slug]), _retitle(Method, method.pk, "title_de")),
        "cocreation:challenge_ideas": (
            reverse("cocreation:challenge_ideas", args=[challenge.pk]),
            _retitle(Idea, idea.pk, "title"),
        ),
        "cocreation:phase_ideas": (
            reverse("cocreation:phase_ideas", args=[phase_idea.phase_id]),
            _retitle(Idea, phase_idea.pk, "title"),
        ),
        "cocreation:detail": (reverse("cocreation:detail", args=[idea.pk]), _retitle(Idea, idea.pk, "title")),
        "results:detail": (reverse("results:detail", args=[result.pk]), _retitle(Result, result.pk, "title")),
        "continuation:lab": (reverse("continuation:lab", args=[dortmund.slug]), _retitle(Result, result.pk, "title")),
        "impact:lab": (reverse("impact:lab", args=[dortmund.slug]), _retitle(Indicator, indicator.pk, "name")),
        # The hit's title as the index holds it (kosilab/search): update() sends no signal to renew it.
        "search:results": (
            reverse("search:results") + "?q=Sozialunternehmen",
            _retitle(Entry, Entry.objects.get(kind="challenge", object_id=challenge.pk).pk, "title_de"),
        ),
    }


def _kept_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "anonymous_page_cache", False):
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", verbosity=0)


def _queries(client: Client, url: str, **headers: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), response.content.decode()


def test_every_kept_page_has_a_row(demo):
    assert _kept_url_names() == set(_pages())


def test_every_kept_page_shows_a_change_on_the_next_request(demo):
    client = Client()
    for name, (url, change) in _pages().items():
        rendered, _ = _queries(client, url)
        assert rendered > 0, name
        kept, _ = _queries(client, url)
        assert kept == 0, f"{name}: the second anonymous request should come from the cache"
        marker = f"Geändert {name} Ω"
        change(marker)
        after, content = _queries(client, url)
        assert after > 0, f"{name}: a write must make the kept page stale"
        assert marker in content, f"{name}: the change is not on the next page"


def test_nothing_of_a_logged_in_page_reaches_anonymous_readers(demo):
    manager = _dortmund().memberships.filter(role=LabRole.MANAGER).first().user
    url = reverse("labs:detail", args=["dortmund"])
    logged_in = Client()
    logged_in.force_login(manager)
    # The manager's page first: rendered for them, with their name and the lab's settings.
    _, mine = _queries(logged_in, url)
    settings_url = reverse("labs:edit", args=["dortmund"])
    logout_url = reverse("account_logout")
    assert settings_url in mine
    assert logout_url in mine
    anonymous = Client()
    _, theirs = _queries(anonymous, url)
    assert settings_url not in theirs
    assert logout_url not in theirs
    # Now kept for anonymous readers: the manager still gets their own page.
    assert _queries(anonymous, url)[0] == 0
    queries, mine_again = _queries(logged_in, url)
    assert queries > 0
    assert settings_url in mine_again


def test_a_visitor_with_a_session_or_a_message_is_not_served_from_the_cache(demo):
    url = reverse("events:list")
    assert _queries(Client(), url)[0] > 0
    assert _queries(Client(), url)[0] == 0
    with_session = Client()
    with_session.cookies["sessionid"] = "not-a-session"
    assert _queries(with_session, url)[0] > 0
    with_message = Client()
    with_message.cookies["messages"] = "anything"
    assert _queries(with_message, url)[0] > 0
    # htmx asks for parts of pages: rendered every time.
    assert _queries(Client(), url, HTTP_HX_REQUEST="true")[0] > 0


def test_each_visitor_gets_their_own_csrf_token_and_the_forms_of_a_kept_page_work(demo):
    url = reverse("labs:list")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one = first.get(url).content.decode()
    two = second.get(url).content.decode()
    assert pagecache.CSRF_PLACEHOLDER not in one + two
    token_one = _token(one)
    token_two = _token(two)
    assert token_one != token_two
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    # The second page came from the cache; its language switch posts with the second visitor's token.
    response = second.post(reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token_two})
    assert response.status_code == 302
    refused = first.post(reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403


def _token(content: str) -> str:
    start = content.index('name="csrfmiddlewaretoken" value="') + len('name="csrfmiddlewaretoken" value="')
    return content[start : content.index('"', start)]


def test_german_and_english_pages_are_kept_apart(demo):
    url = reverse("events:list")
    _, german = _queries(Client(), url, HTTP_ACCEPT_LANGUAGE="de")
    _, english = _queries(Client(), url, HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="de"' in german
    assert 'lang="en"' in english
    queries, english_again = _queries(Client(), url, HTTP_ACCEPT_LANGUAGE="en")
    assert queries == 0
    assert 'lang="en"' in english_again


def test_a_kept_page_answers_for_at_most_the_time_window(demo, settings):
    url = reverse("labs:list")
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(minutes=2)
    with time_machine.travel(start, tick=False) as traveller:
        assert _queries(Client(), url)[0] > 0
        traveller.shift(datetime.timedelta(seconds=settings.KOSILAB_PAGE_CACHE_SECONDS - 1))
        assert _queries(Client(), url)[0] == 0
        traveller.shift(datetime.timedelta(seconds=2))
        assert _queries(Client(), url)[0] > 0
        # A clock set back never finds the page kept in a later window.
        traveller.shift(datetime.timedelta(hours=-1))
        assert _queries(Client(), url)[0] > 0


def test_a_write_in_a_transaction_raises_the_generation_again_when_it_commits(db, django_capture_on_commit_callbacks):
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        LabFactory(slug="neu")
        Lab.objects.filter(slug="neu").update(name="Neu")
        during = pagecache.generation()
    assert during > before
    assert [callback for callback in callbacks if callback is pagecache.content_changed] == [pagecache.content_changed]
    assert pagecache.generation() == during + 1


def test_a_transaction_raises_the_generation_twice_however_many_rows_it_writes(db, django_capture_on_commit_callbacks):
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(5):
            LabFactory(slug=f"neu-{n}")  # one INSERT each, and more for what a lab brings along
        after_writes = cache.get(pagecache.GENERATION_KEY)
        # A request of this process read the generation (and may have kept a page under it): the next
        # write of the transaction raises it again.
        assert pagecache.generation() == after_writes
        Lab.objects.filter(slug="neu-0").update(name="Neu")
        assert pagecache.generation() == after_writes + 1
    assert after_writes == before + 1
    assert pagecache.generation() == after_writes + 2  # and once more on commit


def test_the_session_table_does_not_make_pages_stale(db, client):
    user = UserFactory()
    client.force_login(user)  # writes a session
    before = pagecache.generation()
    session = client.session
    session["something"] = 1
    session.save()
    assert pagecache.generation() == before


def test_the_mail_outbox_and_the_task_queue_do_not_make_pages_stale(db, django_capture_on_commit_callbacks):
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):  # the mail is sent after commit
        send_templated_mail(
            to="nora@example.org",
            language="de",
            template="accounts/mail/confirm",
            context={"user": {"name": "Nora Neu"}, "activate_url": "https://lab.example.org/confirm/abc"},
        )
    assert OutboxMail.objects.get().sent_at is not None
    with connection.cursor() as cursor:  # the database task queue's table (the tests run tasks at once)
        cursor.execute('UPDATE "django_tasks_database_dbtaskresult" SET priority = 0 WHERE 1 = 0')
    assert pagecache.generation() == before
    Lab.objects.filter(pk=0).update(name="x")  # while a write to a table of pages does
    assert pagecache.generation() == before + 1


def test_a_cache_that_cannot_be_reached_costs_the_speed_up_not_the_page(demo):
    url = reverse("labs:list")
    with mock.patch.object(cache, "get", side_effect=ConnectionError("cache down")):
        assert _queries(Client(), url)[0] > 0
    with mock.patch.object(cache, "incr", side_effect=ConnectionError("cache down")):
        Lab.objects.filter(slug="dortmund").update(name="Dortmund, trotzdem gespeichert")
    assert Lab.objects.get(slug="dortmund").name == "Dortmund, trotzdem gespeichert"


def test_turned_off_nothing_is_kept(demo, settings):
    settings.KOSILAB_PAGE_CACHE_SECONDS = 0
    url = reverse("labs:list")
    assert _queries(Client(), url)[0] > 0
    assert _queries(Client(), url)[0] > 0


def test_a_lab_manager_logged_in_never_fills_the_cache(db):
    lab = LabFactory(slug="eigen", name="Eigenes Lab")
    manager = UserFactory()
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    client = Client()
    client.force_login(manager)
    client.get(reverse("labs:detail", args=["eigen"]))
    keys = [key for key in cache._cache if pagecache.KEY_PREFIX in key]  # type: ignore[attr-defined]
    assert keys == []


REDIS_TEST_URL = os.environ.get("KOSILAB_TEST_REDIS_PAGECACHE_URL", "redis://127.0.0.1:6379/11")


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_with_redis_two_app_servers_share_the_kept_pages_and_their_invalidation(settings):
    """Two gunicorn servers (separate processes) and this test share one Redis: a page kept by one
    answers on the other, and a write anywhere makes it stale on both."""
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    settings.CACHES = {"default": {"BACKEND": "kosilab.core.cache.RedisCache", "LOCATION": REDIS_TEST_URL}}
    LabFactory(slug="geteilt", name="Geteiltes Lab")
    env = {"REDIS_URL": REDIS_TEST_URL}
    first, second = (
        start_app_server(workers=1, threads=2, extra_env=env),
        start_app_server(workers=1, threads=2, extra_env=env),
    )
    server_a, server_b = next(first), next(second)
    try:

        def name_on(server: Any) -> str:
            # Behind one address, as a load balancer in front of both sends them.
            split = urllib.parse.urlsplit(server.url)
            connection = http.client.HTTPConnection(split.hostname, split.port, timeout=30)
            connection.request("GET", "/labs/geteilt/", headers={"Host": "127.0.0.1", "Accept-Language": "de"})
            reply = connection.getresponse()
            assert reply.status == 200
            text = reply.read().decode()
            connection.close()
            return text

        def window() -> int:
            return int(time.time() // settings.KOSILAB_PAGE_CACHE_SECONDS)

        for _attempt in range(3):  # again if the time window turned between the two requests
            started = window()
            Lab.objects.filter(slug="geteilt").update(name="Geteiltes Lab")
            assert "Geteiltes Lab" in name_on(server_a)
            assert any(key.startswith(b":1:" + pagecache.KEY_PREFIX.encode()) for key in client.scan_iter())
            # Changed without raising the generation (as no write of the app ever is): server B
            # answers with the page server A kept.
            with mock.patch.object(pagecache, "content_changed"):
                Lab.objects.filter(slug="geteilt").update(name="Heimlich umbenannt")
            on_b = name_on(server_b)
            if window() == started:
                break
        assert "Geteiltes Lab" in on_b
        # A write as the app makes it: both servers render the new name.
        Lab.objects.filter(slug="geteilt").update(name="Neuer Name")
        assert "Neuer Name" in name_on(server_a)
        assert "Neuer Name" in name_on(server_b)
    finally:
        first.close()
        second.close()
        client.flushdb()
