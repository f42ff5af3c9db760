"""The production profile starts under gunicorn exactly as docs/operations.md says.

Without ``manage.py release`` the app refuses to start and says what is missing; after it, the
start page and its stylesheet are served. A database (SQLite file) and var/ of its own, in tmp_path.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time

import pytest

from kosilab.core.tests.live import ROOT, free_port

pytestmark = pytest.mark.concurrency

# docs/operations.md: "run `gunicorn config.wsgi --workers 4 --bind 127.0.0.1:8000`" (here on a free port).
DOCUMENTED = ["-m", "gunicorn", "config.wsgi", "--workers", "4", "--bind"]


def production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KOSILAB_", "DATABASE_", "REDIS_"))}
    env.update(
        KOSILAB_ENV="production",
        DJANGO_SECRET_KEY="production-start-test-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="lab.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'kosilab.sqlite3'}",
        KOSILAB_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        # The TLS-terminating proxy in front sets these.
        conn.request("GET", path, headers={"Host": "lab.example.org", "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_production_refuses_to_start_before_the_release_and_serves_after_it(tmp_path):
    env = production_env(tmp_path)
    port = free_port()
    command = [sys.executable, *DOCUMENTED, f"127.0.0.1:{port}"]

    refused = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "KoSI-Lab refuses to start: the release is not prepared." in output
    assert "The static files have not been collected" in output
    assert "database migrations have not been applied" in output
    assert "Run `python manage.py release`" in output

    release = subprocess.run(
        [sys.executable, "manage.py", "release"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert release.returncode == 0, release.stdout + release.stderr
    assert "Release prepared" in release.stdout

    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        status, page = 0, b""
        while time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            try:
                status, page = get(port, "/")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200
        stylesheet = re.search(rb'href="(/static/kosilab/site\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, page[:500]
        status, css = get(port, stylesheet.group(1).decode())
        assert status == 200
        assert len(css) > 100
    finally:
        server.terminate()
        server.wait(timeout=30)

    again = subprocess.run(
        [sys.executable, "manage.py", "release", "--verbosity=0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
