"""The rate-limit mechanism (kosilab/core/ratelimit.py): the 429 answer, the client address, the
switches, a cache that fails, and limits that hold across two app servers sharing Redis."""

from __future__ import annotations

import math
import os

import pytest
import redis
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from kosilab.core import ratelimit
from kosilab.core.tests.live import fire, start_app_server

# Its own Redis database, flushed by the tests; CI gives the PostgreSQL run another one.
REDIS_TEST_URL = os.environ.get("KOSILAB_TEST_REDIS_RATELIMIT_URL", "redis://127.0.0.1:6379/14")


def _barrier(client: Client, n: int = 0):
    return client.post(reverse("core:accessibility"), {"message": f"The calendar cannot be used by keyboard ({n})."})


def _try_again_text(response, language: str) -> str:
    minutes = max(1, math.ceil(int(response["Retry-After"]) / 60))
    with translation.override(language):
        return ngettext(
            "There have been too many attempts in a short time. Please try again in one minute.",
            "There have been too many attempts in a short time. Please try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_sixth_barrier_report_within_an_hour_gets_429_in_the_visitors_language_and_sends_nothing(
    client, language, django_capture_on_commit_callbacks
):
    client.cookies["django_language"] = language
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            assert _barrier(client, n).status_code == 302
        response = _barrier(client, 5)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert _try_again_text(response, language) in html
    assert len(mail.outbox) == 5
    assert client.get(reverse("core:accessibility")).status_code == 200  # reading is never limited


@pytest.mark.django_db
def test_limits_can_be_turned_off_and_single_rates_changed(client, settings):
    settings.KOSILAB_RATELIMIT_RATES = {"barrier-report": "1/h"}
    assert _barrier(client).status_code == 302
    assert _barrier(client).status_code == 429
    settings.RATELIMIT_ENABLE = False
    assert _barrier(client).status_code == 302


@pytest.mark.django_db
def test_a_cache_that_cannot_be_reached_lets_requests_through(client, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "kosilab.core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    for n in range(7):
        assert _barrier(client, n).status_code == 302
    assert "could not be counted" in caplog.text


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # the header is ignored without trusted proxies
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a forged first entry does not count
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::"),  # IPv6 counts per /64
    ],
)
def test_the_client_address(settings, proxies, remote, forwarded, expected):
    settings.KOSILAB_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_ip(request) == expected


def test_every_limit_has_a_rate_and_a_known_key():
    for name, limit in ratelimit.LIMITS.items():
        count, _, window = limit.rate.partition("/")
        assert count.isdigit() and window, name
        assert limit.key in {"ip", "user_or_ip", "given"} or limit.key.startswith("post:"), name


@pytest.fixture
def redis_db():
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    yield client
    client.flushdb()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_with_redis_the_log_in_limit_holds_across_two_app_servers(redis_db):
    """Two gunicorn servers (separate processes) share django-allauth's counters through Redis:
    failures on either count together, and both refuse the 11th attempt for the address."""
    env = {"REDIS_URL": REDIS_TEST_URL, "KOSILAB_RATELIMITS_ENABLED": "true"}
    first = start_app_server(workers=1, threads=2, extra_env=env)
    second = start_app_server(workers=1, threads=2, extra_env=env)
    server_a, server_b = next(first), next(second)
    try:
        wrong = {"login": "someone@example.org", "password": "wrong-guess-123"}
        locked = "Too many failed log-in attempts for this address."  # fire() asks for English
        replies = []
        for n in range(10):
            server = server_a if n % 2 else server_b
            replies += fire(f"{server.url}/accounts/login/", bodies=[wrong], cookies=[None], workers=1)
        assert [reply.status for reply in replies] == [200] * 10
        assert not any(locked in reply.text for reply in replies)
        for server in (server_a, server_b):
            [reply] = fire(f"{server.url}/accounts/login/", bodies=[wrong], cookies=[None], workers=1)
            assert reply.status == 200
            assert locked in reply.text
        assert any(b"allauth:rl:" in key for key in redis_db.scan_iter())
    finally:
        first.close()
        second.close()
