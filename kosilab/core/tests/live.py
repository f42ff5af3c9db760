"""Concurrent HTTP requests against a real server, for the "no clash, no overbooking" proofs.

``app_server`` (a fixture in the root conftest.py) starts gunicorn with several worker
processes and threads on the test database, like a production app server; pytest-django's
``live_server`` (one process, a thread per request) works with the same helpers.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

# Any 32 letters: Django accepts a CSRF token that equals the cookie's secret.
CSRF_TOKEN = "k" * 32
ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Reply:
    status: int
    text: str
    headers: dict[str, str] = field(default_factory=dict)


def session_cookie(user: Any) -> str:
    """A committed, logged-in session for ``user``; the value for the ``sessionid`` cookie."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"  # as a log-in sets it
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    assert session.session_key is not None
    return session.session_key


def _request(base: str, method: str, path: str, body: dict | None, cookie: str | None, language: str) -> Reply:
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=60)
    cookies = f"csrftoken={CSRF_TOKEN}"
    if cookie:
        cookies += f"; sessionid={cookie}"
    headers = {
        "Cookie": cookies,
        "X-CSRFToken": CSRF_TOKEN,
        "Accept-Language": language,
        "Host": f"{url.hostname}:{url.port}",
    }
    payload = None
    if body is not None:
        payload = urllib.parse.urlencode(body, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        return Reply(response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders()))
    finally:
        conn.close()


def fire(
    url: str,
    *,
    bodies: list[dict],
    cookies: list[str | None],
    method: str = "POST",
    workers: int = 50,
    language: str = "en",
) -> list[Reply]:
    """Send ``len(bodies)`` requests at once (up to ``workers`` in flight), one per body and cookie.

    ``url`` is absolute (``live_server.url + path``). A failed connection counts as status 0.
    """
    assert len(bodies) == len(cookies)
    split = urllib.parse.urlsplit(url)
    base = f"{split.scheme}://{split.netloc}"
    path = split.path + (f"?{split.query}" if split.query else "")

    def one(i: int) -> Reply:
        try:
            return _request(base, method, path, bodies[i], cookies[i], language)
        except OSError as error:
            return Reply(0, repr(error))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, range(len(bodies))))


def _database_url() -> str:
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    user = urllib.parse.quote(params.get("USER") or "")
    password = f":{urllib.parse.quote(params['PASSWORD'])}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


def free_port() -> int:
    """A port of 127.0.0.1 nothing listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class AppServer:
    url: str
    process: subprocess.Popen


def start_app_server(
    workers: int = 3, threads: int = 8, extra_env: dict[str, str] | None = None
) -> Iterator[AppServer]:
    """Run gunicorn on the test database until the generator is closed.

    Rate limits are off (these tests fire hundreds of requests from one address on purpose);
    ``extra_env`` can turn them on again (``KOSILAB_RATELIMITS_ENABLED``) or set ``REDIS_URL``.
    Kept pages (kosilab/core/pagecache.py) are off unless ``REDIS_URL`` is given: the test profile's
    local memory is not shared between the workers."""
    port = free_port()
    shared = bool((extra_env or {}).get("REDIS_URL"))
    env = {
        **os.environ,
        "KOSILAB_ENV": "test",
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "KOSILAB_VAR_DIR": str(settings.VAR_DIR),
        "KOSILAB_RATELIMITS_ENABLED": "false",
        "KOSILAB_PAGE_CACHE_SECONDS": "60" if shared else "0",
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--timeout=120",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - fixed command, our own test server
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("gunicorn did not answer within 30 s")
    try:
        yield AppServer(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
