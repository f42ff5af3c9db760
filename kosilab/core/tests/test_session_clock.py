"""KOSILAB_TEST_CLOCK moves the clock of a whole test session (the CI clock step relies on it)."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# Runs a pytest session that only collects, and prints what the clock says once conftest is set up
# and which collected tests carry the ``clock`` marker.
PROBE = """
import datetime, pytest

class Probe:
    def pytest_collection_finish(self, session):
        marked = sorted({i.path.name for i in session.items if i.get_closest_marker("clock")})
        print("NOW", datetime.datetime.now(datetime.UTC).isoformat(), "MARKED", ",".join(marked))

raise SystemExit(pytest.main(
    ["--collect-only", "-q", "-p", "no:cacheprovider", *TARGETS], plugins=[Probe()]
))
"""


def _session(clock: str | None, *targets: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"KOSILAB_TEST_CLOCK", "PYTEST_XDIST_WORKER"}}
    if clock is not None:
        env["KOSILAB_TEST_CLOCK"] = clock
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", f"TARGETS = {list(targets)!r}\n{PROBE}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_session_runs_at_the_named_moment_and_the_date_sensitive_tests_are_marked():
    done = _session(
        "2027-03-28T01:59:00+01:00", "kosilab/core/tests/test_site_url.py", "kosilab/core/tests/test_catalogues.py"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [line] = [line for line in done.stdout.splitlines() if line.startswith("NOW ")]
    _, now, _, marked = line.split(" ")
    moment = datetime.datetime.fromisoformat(now)
    start = datetime.datetime(2027, 3, 28, 0, 59, tzinfo=datetime.UTC)
    assert start <= moment < start + datetime.timedelta(minutes=5)  # there, and ticking on
    assert marked == "test_site_url.py"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2027-06-12T23:50:00", "needs an offset"),
        ("Saturday night", "is not an ISO 8601 date and time"),
    ],
)
def test_a_clock_that_cannot_be_placed_stops_the_session_with_a_message(value, message):
    done = _session(value, "kosilab/core/tests/test_site_url.py")
    assert done.returncode != 0
    assert message in done.stderr
