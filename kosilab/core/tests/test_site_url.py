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


def _make_dry_run(*arguments: str) -> str:
    """What ``make`` would run, without running it."""
    env = {k: v for k, v in os.environ.items() if k not in {"KOSILAB_SITE_URL", "MAKEFLAGS", "MAKELEVEL"}}
    done = subprocess.run(  # noqa: S603 - fixed arguments
        ["make", "--no-print-directory", "-n", *arguments],  # noqa: S607 - make from PATH, as in the README
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _serving_line(dry_run: str) -> str:
    """The shell line that starts the worker and the server (one line, so they share the variable)."""
    joined = dry_run.replace("\\\n", " ")
    [line] = [line for line in joined.splitlines() if "_worker" in line and "runserver" in line]
    return line


def test_make_run_gives_the_worker_and_the_server_the_address_it_serves_on():
    line = _serving_line(_make_dry_run("run", "PORT=8100"))
    assert 'export KOSILAB_SITE_URL="${KOSILAB_SITE_URL:-http://127.0.0.1:8100}";' in line
    assert line.index("export KOSILAB_SITE_URL") < line.index("_worker") < line.index("runserver 127.0.0.1:8100")


def test_make_run_on_all_interfaces_links_to_localhost_and_make_worker_follows_port():
    line = _serving_line(_make_dry_run("run", "HOST=0.0.0.0", "PORT=9000"))
    assert "${KOSILAB_SITE_URL:-http://localhost:9000}" in line
    assert "runserver 0.0.0.0:9000" in line
    worker = _make_dry_run("worker", "PORT=8100").splitlines()[-1]
    assert worker.startswith('KOSILAB_SITE_URL="${KOSILAB_SITE_URL:-http://127.0.0.1:8100}" ')
    assert "manage.py" in worker and worker.endswith("_worker")


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
