"""Health endpoints for load balancers, orchestrators and monitoring (docs/operations.md).

``/health/live/``
    The process is up and answers: ``200 ok``, nothing else is asked. A failing liveness probe means
    "restart this process".
``/health/ready/``
    This app server can serve requests: the database, the cache, the task queue and the file storage
    are reachable. ``200`` with what each check found and how long it took, or ``503`` naming the
    checks that failed (never the error itself, which goes to the log). A failing readiness probe
    means "send no requests here for now".

Both are answered by :class:`HealthMiddleware`, first in the chain: no session, no language, no host
check (a probe reaches one app server by its address, not by the site's name), no redirect to https
(the probe speaks to the app server behind the TLS proxy), no rate limit. Each readiness check is
one round trip (``SELECT 1``, a cache read, a look at the queue, the storage's own check), so both can
be polled every second.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

LIVE_PATH = "/health/live/"
READY_PATH = "/health/ready/"


def check_database() -> None:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()


def check_cache() -> None:
    cache.get("kosilab:health")  # a round trip to Redis (local memory: always there)


def check_tasks() -> None:
    """The queue the tasks go to: RQ's Redis, or the database table of the database queue."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == "django_tasks_rq.RQBackend":
        _queue_redis(settings.RQ_QUEUES["default"]["URL"]).ping()
    elif backend == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.only("pk").first()


@functools.cache
def _queue_redis(url: str) -> Any:
    """One client (with its connection pool) per process: a probe each second opens no connection."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def check_storage() -> None:
    """The default storage's own ``health_check()`` where it has one, else its folder."""
    storage = storages["default"]
    own = getattr(storage, "health_check", None)
    if callable(own):
        own()
        return
    location = getattr(storage, "location", None)
    if location is None:
        return
    os.makedirs(location, exist_ok=True)  # made with the first upload otherwise; fails where it cannot be
    if not os.access(location, os.W_OK | os.X_OK):
        raise OSError(f"The storage folder {location} is not writable.")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "tasks": check_tasks,
    "storage": check_storage,
}


def readiness() -> tuple[bool, dict[str, Any]]:
    """Run every check: (all passed, {name: {"ok": bool, "ms": float}})."""
    results: dict[str, Any] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
            ok = True
        except Exception:
            logger.warning("Readiness check %s failed.", name, exc_info=True)
            ok = False
        results[name] = {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1)}
    return all(result["ok"] for result in results.values()), results


def _answer(status: int, body: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    """Answers the two health paths before any other middleware (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info not in (LIVE_PATH, READY_PATH):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _answer(405, "", "text/plain")
            response["Allow"] = "GET, HEAD"
            return response
        if request.path_info == LIVE_PATH:
            return _answer(200, "ok\n", "text/plain; charset=utf-8")
        ready, checks = readiness()
        body = json.dumps({"status": "ok" if ready else "unavailable", "checks": checks})
        return _answer(200 if ready else 503, body, "application/json")
