"""Links in mails point to the address the app is served on (`make run PORT=8100`), also from tasks."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone, translation

from kosilab.core.mail import site_url
from kosilab.core.tests.factories import UserFactory
from kosilab.events.tests.factories import EventFactory, register

ROOT = Path(__file__).resolve().parents[3]


def _make(tmp_path: Path, *arguments: str, env: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Run ``make`` with a stand-in for Python that records, for each command, the address it was given."""
    log = tmp_path / "commands.log"
    python = tmp_path / "python"
    python.write_text(
        '#!/bin/sh\necho "${KOSILAB_SITE_URL:-unset}|$*" >> "$COMMANDS_LOG"\n'
        # The server stays up a moment, so the worker started beside it gets to record itself.
        'case "$*" in *runserver*) sleep 1;; esac\n'
    )
    python.chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in {"KOSILAB_SITE_URL", "MAKEFLAGS", "MAKELEVEL"}}
    subprocess.run(  # noqa: S603 - fixed arguments
        ["make", "--no-print-directory", "-s", f"PY={python}", *arguments],  # noqa: S607 - make from PATH
        cwd=ROOT,
        env={**clean, **(env or {}), "COMMANDS_LOG": str(log)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = [line.partition("|") for line in log.read_text().splitlines()]
    # Only the project's commands (not pip, should the virtualenv be older than the requirements).
    return [(address, command) for address, _, command in lines if command.startswith("manage.py")]


def test_make_run_gives_every_command_the_address_it_serves_on(tmp_path):
    commands = _make(tmp_path, "run", "PORT=8100")
    # The worker and the server start together, in either order.
    assert sorted(command for _, command in commands) == [
        "manage.py build_open_data",  # the demo's open data dump
        "manage.py demo_accounts",
        "manage.py migrate --no-input",
        "manage.py run_worker --no-reload",
        "manage.py runserver 127.0.0.1:8100",
        "manage.py seed_demo",  # its registrations write mails too
    ]
    assert {address for address, _ in commands} == {"http://127.0.0.1:8100"}


def test_make_run_on_all_interfaces_links_to_localhost_and_a_set_address_wins(tmp_path):
    assert {address for address, _ in _make(tmp_path, "run", "HOST=0.0.0.0", "PORT=9000")} == {"http://localhost:9000"}
    (tmp_path / "commands.log").unlink()
    commands = _make(tmp_path, "worker", "PORT=8100", env={"KOSILAB_SITE_URL": "https://lab.example.org"})
    assert commands == [
        ("https://lab.example.org", "manage.py migrate --no-input"),
        ("https://lab.example.org", "manage.py run_worker"),
    ]


def test_the_address_in_the_environment_reaches_site_url():
    """The variable make exports is read by the settings, in a fresh process as the worker is."""
    env = {**os.environ, "KOSILAB_ENV": "development", "KOSILAB_SITE_URL": "http://127.0.0.1:8100/"}
    code = "import django; django.setup(); from kosilab.core.mail import site_url; print(site_url())"
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "http://127.0.0.1:8100"


@pytest.mark.django_db
def test_a_mail_sent_by_a_background_task_links_to_the_configured_address(settings, django_capture_on_commit_callbacks):
    from kosilab.events.tasks import send_reminder

    settings.KOSILAB_SITE_URL = "http://127.0.0.1:8100"
    assert site_url() == "http://127.0.0.1:8100"
    event = EventFactory(starts_at=timezone.now() + datetime.timedelta(hours=10))
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        registration = register(event, UserFactory(language="en"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminder.call(registration_id=registration.pk)
    [reminder] = mail.outbox
    assert f"http://127.0.0.1:8100/events/r/{registration.token}/cancel/" in reminder.body
    assert ":8000" not in reminder.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("configured", "expected"),
    [("", "http://localhost:8100"), ("https://lab.example.org", "https://lab.example.org")],
)
def test_a_mail_sent_while_serving_a_request_links_to_its_address_unless_one_is_configured(
    client, settings, participant, django_capture_on_commit_callbacks, configured, expected
):
    settings.KOSILAB_SITE_URL = configured
    event = EventFactory()
    client.force_login(participant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{event.pk}/register/", {}, HTTP_HOST="localhost:8100")
    assert response.status_code == 302
    [confirmation] = mail.outbox
    registration = event.registrations.get()
    assert f"{expected}/events/r/{registration.token}/" in confirmation.body
    assert site_url() == (configured or "http://127.0.0.1:8000")  # outside the request: no address
