"""200 people sign up at the same moment, through a real server: 200 accounts, 200 confirmation
mails, not one error. Run on SQLite (the embedded default) and on PostgreSQL (DATABASE_URL).

The server is gunicorn (3 processes × 8 threads) with a password hasher that takes as long as the
real one (0.2 s, asleep: the machine's CPU is shared with other tests) and the database queue; the database worker (``manage.py run_worker``) runs beside it the whole time and sends the
mails to files, as in the embedded default. On SQLite every writer waits for the one before it, so
a write transaction that hashed a password (0.2 s) made the others wait 20 s and fail with
"database is locked"; the sign-up now hashes first and writes briefly.
"""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest
from django.db import connection

from kosilab.accounts.models import User
from kosilab.core.models import OutboxMail
from kosilab.core.tests.live import ROOT, _database_url, fire, start_app_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

PEOPLE = 200
PASSPHRASE = "violet-harbour-turns-seventeen"


def _sent_mails(directory: Path) -> list[email.message.EmailMessage]:
    """Every message the file mail backend wrote (one file per connection, messages separated by a line of dashes)."""
    messages = []
    for path in sorted(directory.glob("*.log")):
        for part in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if part.strip():
                messages.append(email.message_from_bytes(part.lstrip(), policy=email.policy.default))
    return messages


def _worker(var_dir: Path, log: IO[bytes]) -> subprocess.Popen:
    """``manage.py run_worker`` on the test database; mails become files in ``var_dir/mail``, its
    log (a line per task) goes to ``log``."""
    env = {
        **os.environ,
        "KOSILAB_ENV": "test",
        "KOSILAB_TASKS": "database",
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "KOSILAB_VAR_DIR": str(var_dir),
    }
    command = [sys.executable, "manage.py", "run_worker", "--interval=0.2", "--no-startup-delay", "--no-reload"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def test_200_simultaneous_sign_ups_give_200_accounts_and_200_mails_and_no_error(transactional_db, tmp_path):
    server_gen = start_app_server(
        extra_env={
            "KOSILAB_TASKS": "database",
            "DJANGO_SETTINGS_MODULE": "kosilab.accounts.tests.settings_slow_hasher",
        }
    )
    server = next(server_gen)
    log = (tmp_path / "worker.log").open("wb")  # read it there if the test fails
    worker = _worker(tmp_path, log)
    try:
        addresses = [f"person{i}@example.org" for i in range(PEOPLE)]
        bodies = [
            {"name": f"Person {i}", "email": address, "password1": PASSPHRASE, "password2": PASSPHRASE, "privacy": "on"}
            for i, address in enumerate(addresses)
        ]
        started = time.monotonic()
        replies = fire(f"{server.url}/accounts/signup/", bodies=bodies, cookies=[None] * PEOPLE)
        signed_up_in = time.monotonic() - started

        errors = [(r.status, r.text[:300]) for r in replies if r.status >= 500 or r.status == 0]
        assert errors == []
        assert {r.status for r in replies} == {200}

        deadline = time.monotonic() + 180
        while OutboxMail.objects.filter(state=OutboxMail.State.SENT).count() < PEOPLE:
            assert time.monotonic() < deadline, "the worker did not send every mail within 3 minutes"
            time.sleep(0.5)
        all_sent_in = time.monotonic() - started
        time.sleep(1)  # a worker that would send a second copy has had time to do so
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
        server_gen.close()

    users = User.objects.filter(email__in=addresses)
    assert users.count() == PEOPLE
    assert not users.filter(is_active=True).exists()  # each waits for its confirmation
    assert users.filter(password__startswith="slow_md5$").count() == PEOPLE
    rows = OutboxMail.objects.filter(template="accounts/mail/confirm")
    assert rows.count() == PEOPLE
    assert sorted(rows.values_list("to", flat=True)) == sorted(addresses)
    assert set(rows.values_list("state", "attempts")) == {(OutboxMail.State.SENT, 1)}

    mails = _sent_mails(tmp_path / "mail")
    assert len(mails) == PEOPLE  # one each, no copy
    assert sorted(str(m["To"]) for m in mails) == sorted(addresses)
    assert all("/accounts/confirm/" in m.get_body(preferencelist=("plain",)).get_content() for m in mails)
    print(  # the figures for the report (pytest -s)
        f"\n{connection.vendor}: {PEOPLE} sign-ups answered in {signed_up_in:.1f} s, "
        f"all {PEOPLE} mails sent after {all_sent_in:.1f} s"
    )
