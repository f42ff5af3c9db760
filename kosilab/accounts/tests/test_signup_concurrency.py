"""200 people sign up at the same moment, through a real server: 200 accounts, 200 confirmation
mails, not one error. Run on SQLite (the embedded default) and on PostgreSQL (DATABASE_URL).

The server is gunicorn (3 processes × 8 threads) with a password hasher that takes as long as the
real one (0.2 s, asleep: the machine's CPU is shared with other tests) and the database queue; the
database worker (``manage.py run_worker``) runs beside it the whole time and sends the mails to
files, as in the embedded default. The sign-up is django-allauth's (``account_signup``, the
platform's ``SignUpForm``); its rate limits are off on this server (``start_app_server``), as all
requests come from one address. On SQLite every writer waits for the one before it, so a write
transaction that hashed a password (0.2 s) would make the others wait 20 s and fail with
"database is locked".

The same address signed up many times at the same moment gives one account; the others are
answered as for an existing account (``SignUpForm.try_save`` turns the unique-address
IntegrityError into that answer) and that address gets the "you have an account" mail.
"""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.urls import reverse

from kosilab.accounts.models import User
from kosilab.core.models import AuditEntry, OutboxMail
from kosilab.core.tests.live import ROOT, _database_url, fire, start_app_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

PEOPLE = 200
SAME_ADDRESS_TIMES = 30
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


@contextmanager
def _server_and_worker(tmp_path: Path) -> Iterator[str]:
    """gunicorn with the slow hasher and the database queue, and the worker beside it; yields the
    sign-up page's address."""
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
        yield f"{server.url}{reverse('account_signup')}"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
        server_gen.close()


def _wait_until_sent(count: int) -> None:
    deadline = time.monotonic() + 180
    while OutboxMail.objects.filter(state=OutboxMail.State.SENT).count() < count:
        assert time.monotonic() < deadline, "the worker did not send every mail within 3 minutes"
        time.sleep(0.5)
    time.sleep(1)  # a worker that would send a second copy has had time to do so


def _body(address: str, name: str) -> dict[str, str]:
    return {"name": name, "email": address, "password1": PASSPHRASE, "password2": PASSPHRASE, "privacy": "on"}


def test_200_simultaneous_sign_ups_give_200_accounts_and_200_mails_and_no_error(transactional_db, tmp_path):
    addresses = [f"person{i}@example.org" for i in range(PEOPLE)]
    with _server_and_worker(tmp_path) as signup_url:
        started = time.monotonic()
        replies = fire(
            signup_url, bodies=[_body(a, f"Person {i}") for i, a in enumerate(addresses)], cookies=[None] * PEOPLE
        )
        signed_up_in = time.monotonic() - started
        print(f"\n{connection.vendor}: {PEOPLE} sign-ups answered in {signed_up_in:.1f} s")  # for the report (-s)

        errors = [(r.status, r.text[:300]) for r in replies if r.status >= 500 or r.status == 0]
        assert errors == []
        # Each is sent on to "please confirm your address" (a form error would answer 200).
        assert {(r.status, r.headers.get("Location")) for r in replies} == {
            (302, reverse("account_email_verification_sent"))
        }

        _wait_until_sent(PEOPLE)
        all_sent_in = time.monotonic() - started

    users = User.objects.filter(email__in=addresses)
    assert users.count() == PEOPLE
    assert not users.exclude(email_confirmed_at=None).exists()  # each waits for its confirmation
    assert users.filter(password__startswith="slow_md5$").count() == PEOPLE
    assert users.filter(privacy_consent_at__isnull=False, profile__isnull=False).count() == PEOPLE
    assert EmailAddress.objects.filter(email__in=addresses, verified=False, primary=True).count() == PEOPLE
    assert AuditEntry.objects.filter(action="accounts.user.signed_up").count() == PEOPLE
    rows = OutboxMail.objects.filter(template="accounts/mail/confirm")
    assert rows.count() == OutboxMail.objects.count() == PEOPLE
    assert sorted(rows.values_list("to", flat=True)) == sorted(addresses)
    assert set(rows.values_list("state", "attempts")) == {(OutboxMail.State.SENT, 1)}

    mails = _sent_mails(tmp_path / "mail")
    assert len(mails) == PEOPLE  # one each, no copy
    assert sorted(str(m["To"]) for m in mails) == sorted(addresses)
    assert all("/accounts/confirm-email/" in m.get_body(preferencelist=("plain",)).get_content() for m in mails)
    print(f"{connection.vendor}: all {PEOPLE} mails sent after {all_sent_in:.1f} s")


def test_one_address_signed_up_many_times_at_once_gives_one_account_and_the_same_answer(transactional_db, tmp_path):
    address = "nora@example.org"
    with _server_and_worker(tmp_path) as signup_url:
        started = time.monotonic()
        replies = fire(
            signup_url,
            bodies=[_body(address if i % 2 else address.upper(), f"Nora {i}") for i in range(SAME_ADDRESS_TIMES)],
            cookies=[None] * SAME_ADDRESS_TIMES,
        )
        answered_in = time.monotonic() - started
        errors = [(r.status, r.text[:300]) for r in replies if r.status != 302]
        assert errors == []
        assert {r.headers.get("Location") for r in replies} == {reverse("account_email_verification_sent")}
        _wait_until_sent(SAME_ADDRESS_TIMES)

    [user] = User.objects.all()
    assert user.email == address
    assert EmailAddress.objects.filter(user=user, email=address).count() == EmailAddress.objects.count() == 1
    assert AuditEntry.objects.filter(action="accounts.user.signed_up").count() == 1
    # One confirmation; every other sign-up mails the address that it has an account (on this
    # server the limit of one mail per three minutes is off).
    templates = sorted(OutboxMail.objects.values_list("template", flat=True))
    assert templates == ["accounts/mail/confirm"] + ["accounts/mail/signup_existing"] * (SAME_ADDRESS_TIMES - 1)
    assert set(OutboxMail.objects.values_list("to", "state")) == {(address, OutboxMail.State.SENT)}
    assert len(_sent_mails(tmp_path / "mail")) == SAME_ADDRESS_TIMES
    print(f"\n{connection.vendor}: {SAME_ADDRESS_TIMES} sign-ups of one address answered in {answered_in:.1f} s")
