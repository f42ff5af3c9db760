"""The Redis cache backend (kosilab/core/cache.py): Django's, with its client kept per pool."""

from __future__ import annotations

import os
import threading

import pytest
import redis

from kosilab.core.cache import RedisCache

# A Redis database no other test uses (it is flushed); .ci/run gives its PostgreSQL run another one.
REDIS_TEST_URL = os.environ.get("KOSILAB_TEST_REDIS_CACHE_URL", "redis://127.0.0.1:6379/6")


def _flush() -> None:
    with redis.Redis.from_url(REDIS_TEST_URL) as client:
        client.flushdb()


def _disconnect(cache: RedisCache) -> None:
    for pool in cache._cache._pools.values():
        pool.disconnect()


@pytest.fixture
def backend():
    _flush()
    cache = RedisCache(REDIS_TEST_URL, {"KEY_PREFIX": "test"})
    yield cache
    _disconnect(cache)
    _flush()


def test_one_client_serves_every_call(backend):
    backend.set("a", {"value": 1}, 30)
    first = backend._cache.get_client()
    assert backend.get("a") == {"value": 1}
    assert backend.add("b", 1)
    assert backend.incr("b") == 2
    assert backend._cache.get_client() is first
    assert backend._cache.get_client(write=True) is first  # one server: one pool, one client


def test_the_shared_client_is_safe_across_threads(backend):
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(50):
                backend.set(f"k{n}-{i}", i, 30)
                assert backend.get(f"k{n}-{i}") == i
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert backend.get("k3-49") == 49


def test_an_unreachable_redis_raises_as_djangos_backend_does():
    backend = RedisCache("redis://127.0.0.1:1/0", {})
    with pytest.raises(redis.exceptions.ConnectionError):
        backend.get("a")
    with pytest.raises(redis.exceptions.ConnectionError):
        backend.get("a")  # the kept client tries again, it does not stay broken in another way
    _disconnect(backend)
