"""PostgreSQL restarted and stopped under load: no 500, nothing half-written, every mail sent once.

A second PostgreSQL server of the test's own (``postgres_server.py``) holds the application's
database; gunicorn (as in production: processes and threads) and ``manage.py run_worker`` use it.
Eight client threads read public pages and send the accessibility feedback form (a write that
queues a mail) while the server is restarted (``pg_ctl restart -m fast``) and later stopped for a
few seconds. Then the worker alone lives through a 60-second outage.
"""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from kosilab.core.tests.live import ROOT, Reply, _request, start_app_server
from kosilab.core.tests.postgres_server import PostgresServer, server_binaries

BINARIES = server_binaries()
if BINARIES is None and os.environ.get("CI"):
    raise RuntimeError("CI needs the PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
# The test starts a PostgreSQL of its own, whatever database the suite runs on: it runs once, in the
# suite's PostgreSQL pass (DATABASE_URL=postgres://...), not again in the SQLite pass.
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.skipif(BINARIES is None, reason="no PostgreSQL server binaries (initdb, pg_ctl) on this machine"),
    pytest.mark.skipif(not ON_POSTGRESQL, reason="runs in the suite's PostgreSQL pass (set DATABASE_URL)"),
]

PAGES = ["/", "/labs/", "/challenges/", "/events/", "/methods/", "/accessibility/"]
FEEDBACK = "core.accessibility_feedback.sent"


@pytest.fixture(scope="module")
def stack():
    """The second server with a migrated database, gunicorn and the worker on it."""
    assert BINARIES is not None
    server = PostgresServer(BINARIES)
    var = Path(tempfile.mkdtemp(prefix="kosilab-var-"))
    env_overrides = {
        "DATABASE_URL": server.url,
        "KOSILAB_TASKS": "database",
        "KOSILAB_VAR_DIR": str(var),
        "KOSILAB_RATELIMITS_ENABLED": "false",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    env = {**os.environ, "KOSILAB_ENV": "test", "DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides}
    worker = None
    app = None
    try:
        server.start()
        server.create_database()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity=0"], cwd=ROOT, env=env, check=True
        )
        worker_log = (var / "worker.log").open("w")
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-reload", "--interval=0.2"],
            cwd=ROOT,
            env=env,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        app = start_app_server(workers=2, threads=8, extra_env=env_overrides)
        yield server, next(app), worker, var, env
    finally:
        if app is not None:
            app.close()
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
            worker_log.close()
        server.destroy()
        shutil.rmtree(var, ignore_errors=True)


def _mails(var: Path) -> Counter[str]:
    ids: Counter[str] = Counter()
    for path in (var / "mail").glob("*.log"):
        # The file backend appends each message of a connection to one file, separated by a line of dashes.
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                ids[email.message_from_string(chunk.strip())["Message-ID"]] += 1
    return ids


def _wait_until_sent(server: PostgresServer, env: dict[str, str], seconds: float) -> list[tuple]:
    """Wait until the outbox is empty, running its sweep as cron would (every few seconds here).

    A mail task cut off by the outage between taking its row ("sending") and sending it leaves the
    row to the sweep, after ``SEND_LEASE`` (10 minutes); reading before taking makes that window tiny.
    """
    deadline = time.monotonic() + seconds
    swept = time.monotonic()
    while True:
        unsent = server.query("SELECT key, state FROM core_outboxmail WHERE state <> 'sent'")
        if not unsent or time.monotonic() > deadline:
            return unsent
        if time.monotonic() - swept > 10:
            subprocess.run(
                [sys.executable, "manage.py", "mail_outbox"], cwd=ROOT, env=env, check=True, capture_output=True
            )
            swept = time.monotonic()
        time.sleep(0.5)


def test_restarts_under_load_cost_no_500_and_leave_nothing_half_written(stack):
    server, app, worker, var, env = stack
    base = app.url
    replies: list[tuple[str, float, Reply]] = []
    lock = threading.Lock()
    stop = threading.Event()
    posted = Counter[str]()

    def client(number: int) -> None:
        i = 0
        while not stop.is_set():
            i += 1
            if i % 4 == 0:
                method, path = "POST", "/accessibility/"
                body: dict | None = {"message": f"Client {number}, message {i}", "email": "", "page": "/labs/"}
            else:
                method, path, body = "GET", PAGES[(number + i) % len(PAGES)], None
            try:
                reply = _request(base, method, path, body, None, "en")
            except OSError as error:
                reply = Reply(0, repr(error))
            with lock:
                replies.append((method, time.monotonic(), reply))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        time.sleep(5)
        server.restart()  # a fast restart: connections are cut in the middle of requests
        time.sleep(5)
        server.stop()  # a longer outage
        time.sleep(4)
        server.start()
        time.sleep(5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=90)
    duration = time.monotonic() - started

    statuses = Counter((method, reply.status) for method, _when, reply in replies)
    print(f"{len(replies)} requests in {duration:.0f} s: {dict(statuses)}")
    assert len(replies) > 200
    assert not [r for _m, _w, r in replies if r.status == 500], "a request answered 500"
    assert not [r for _m, _w, r in replies if r.status == 0], "a request got no answer"
    for method, _when, reply in replies:
        assert reply.status in {200, 302, 503}, (method, reply.status, reply.text[:300])
        if reply.status == 503:
            assert reply.headers.get("Retry-After") == "30"
            assert "Temporarily unavailable" in reply.text
    posted.update(method for method, _w, r in replies if method == "POST" and r.status == 302)
    refused_posts = statuses[("POST", 503)]

    # Nothing half-written: each feedback saved its audit entry and its mail together.
    (entries,) = server.query(f"SELECT count(*) FROM core_auditentry WHERE action = '{FEEDBACK}'")[0]  # noqa: S608 - a constant
    (mails,) = server.query("SELECT count(*) FROM core_outboxmail")[0]
    assert entries == mails
    # Every form answered with success was saved; a 503 may have come after a commit, never before.
    assert posted["POST"] <= entries <= posted["POST"] + refused_posts

    assert _wait_until_sent(server, env, 150) == []
    sent = _mails(var)
    assert len(sent) == mails
    assert set(sent.values()) == {1}, "a mail was sent twice"
    assert worker.poll() is None, "the worker exited"


def test_the_worker_lives_through_a_60_second_outage_and_sends_every_mail_once(stack):
    server, app, worker, var, env = stack
    before = _mails(var)
    for i in range(10):
        reply = _request(
            app.url, "POST", "/accessibility/", {"message": f"Before the outage {i}", "page": "/"}, None, "en"
        )
        assert reply.status == 302
    server.stop()
    time.sleep(60)
    assert worker.poll() is None, "the worker exited during the outage"
    server.start()
    for i in range(10):
        reply = _request(
            app.url, "POST", "/accessibility/", {"message": f"After the outage {i}", "page": "/"}, None, "en"
        )
        assert reply.status == 302
    assert _wait_until_sent(server, env, 150) == []
    sent = _mails(var)
    (mails,) = server.query("SELECT count(*) FROM core_outboxmail")[0]
    assert len(sent) == mails == len(before) + 20
    assert set(sent.values()) == {1}, "a mail was sent twice"
    assert worker.poll() is None
    log = (var / "worker.log").read_text()
    assert "Database unavailable" in log
    assert "Database back after" in log
