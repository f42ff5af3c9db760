"""What both provider subprocesses share: their command line, the test's clock, the ready file.

The fixture (``tests/idp/fixtures.py``) writes a JSON config into a fresh temporary directory and
runs ``python -m tests.idp.<kind>.serve --port 0 --config <dir>/config.json``. The subprocess
binds its socket first (port 0: the kernel picks a free one, so parallel runs never race for a
port), sets itself up, writes ``<dir>/ready.json`` (``{"port": ..., ...}``) and serves until
SIGTERM, or until the process that started it is gone.

This module runs inside the subprocesses: it imports nothing from the project and not pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


def parse_args(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 (default) picks a free one")
    parser.add_argument("--config", type=Path, required=True, help="JSON config written by tests/idp/fixtures.py")
    return parser.parse_args()


def load_config(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def follow_test_clock(config: dict[str, Any]) -> None:
    """Run on the test process's clock when that one is moved (KOSILAB_TEST_CLOCK, time-machine).

    The fixture writes ``clock_offset``: seconds between the test process's clock and the real
    one. Without this, tokens and assertions would be issued in the real present and rejected by a
    test process living in, say, 2027 (and the other way round).
    """
    offset = float(config.get("clock_offset", 0.0))
    if abs(offset) < 1.0:
        return
    import time_machine

    time_machine.travel(time.time() + offset, tick=True).start()
    print(f"clock: following the test process, {offset:+.0f} s from the real clock", file=sys.stderr)


def stop_on_sigterm() -> None:
    def _exit(signum: int, frame: Any) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, _exit)


def exit_with_parent(workdir: Path) -> None:
    """Stop, and remove the temporary directory, when the test process that started this one is
    gone (killed before its teardown could stop this one)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        shutil.rmtree(workdir, ignore_errors=True)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def write_ready(config_path: Path, **facts: Any) -> None:
    """Tell the fixture the port and whatever else it needs (atomically: write, then rename)."""
    ready = config_path.with_name("ready.json")
    partial = ready.with_suffix(".partial")
    partial.write_text(json.dumps(facts), encoding="utf-8")
    partial.replace(ready)
