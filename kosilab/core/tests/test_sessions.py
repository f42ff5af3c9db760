"""Sessions read from Redis (kosilab/core/sessions.py), the engine of installations with REDIS_URL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kosilab.core import sessions
from kosilab.core.tests.factories import UserFactory

REDIS_TEST_URL = os.environ.get("KOSILAB_TEST_REDIS_PAGECACHE_URL", "redis://127.0.0.1:6379/11")
ENGINE = "kosilab.core.sessions"


def _caches(location: str, prefix: str) -> dict[str, dict[str, object]]:
    return {
        "default": {
            "BACKEND": "kosilab.core.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def redis_sessions() -> Iterator[str]:
    """The cache on the tests' Redis, under a prefix of its own (nothing else there is touched)."""
    try:
        redis.Redis.from_url(REDIS_TEST_URL).ping()
    except redis.RedisError as exc:
        pytest.fail(
            f"Redis at {REDIS_TEST_URL} is unreachable ({exc}); start it, or set KOSILAB_TEST_REDIS_PAGECACHE_URL"
        )
    prefix = f"sessions-test-{uuid.uuid4().hex}"
    with override_settings(CACHES=_caches(REDIS_TEST_URL, prefix), SESSION_ENGINE=ENGINE):
        yield prefix
    client = redis.Redis.from_url(REDIS_TEST_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def _cached_sessions(prefix: str) -> list[bytes]:
    return redis.Redis.from_url(REDIS_TEST_URL).keys(f"{prefix}:*{sessions.SessionStore.cache_key_prefix}*")


def _session_queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries if "django_session" in query["sql"]]


def test_a_logged_in_request_reads_its_session_from_redis_not_the_database(db, redis_sessions):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    url = reverse("notifications:list")
    assert _session_queries(client, url) == []
    assert Session.objects.filter(session_key=client.session.session_key).exists()  # the record stays
    keys = _cached_sessions(redis_sessions)
    assert len(keys) == 1
    assert 0 < redis.Redis.from_url(REDIS_TEST_URL).ttl(keys[0]) <= sessions.CACHED_FOR


def test_a_session_no_longer_in_redis_is_read_from_the_database_and_kept_again(db, redis_sessions):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    redis.Redis.from_url(REDIS_TEST_URL).delete(*_cached_sessions(redis_sessions))
    url = reverse("notifications:list")
    assert len(_session_queries(client, url)) == 1
    assert _session_queries(client, url) == []


def test_logging_out_ends_the_session_in_redis_and_in_the_database(db, redis_sessions):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"].value
    assert client.post(reverse("account_logout")).status_code == 302
    assert not Session.objects.filter(session_key=cookie).exists()
    assert _cached_sessions(redis_sessions) == []
    replay = Client()
    replay.cookies["sessionid"] = cookie  # the old cookie, sent again
    assert replay.get(reverse("notifications:list")).status_code == 302  # to the log-in


def test_with_redis_unreachable_people_still_log_in_read_pages_and_log_out(db):
    user = UserFactory()
    with override_settings(CACHES=_caches("redis://127.0.0.1:1/0", "unreachable"), SESSION_ENGINE=ENGINE):
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"].value
        response = client.get(reverse("notifications:list"))
        assert response.status_code == 200
        assert response.wsgi_request.user == user
        assert client.post(reverse("account_logout")).status_code == 302
        assert not Session.objects.filter(session_key=cookie).exists()
