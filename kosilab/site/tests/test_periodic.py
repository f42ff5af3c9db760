"""The periodic work: one table of schedules (kosilab/site/periodic.py), the command that runs a
schedule, and the shipped systemd timers that start it (deploy/systemd/kosilab-periodic@*)."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import uuid
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command, get_commands
from django.utils import timezone

from kosilab.core.models import OutboxMail
from kosilab.core.tests.test_deployment_files import DEPLOY, systemd_unit
from kosilab.site import periodic
from kosilab.site.periodic import SCHEDULES, Schedule

SYSTEMD = DEPLOY / "systemd"


def test_every_schedule_has_a_timer_at_its_time_and_every_timer_a_schedule():
    timers = {path.name.removeprefix("kosilab-periodic@").removesuffix(".timer"): path
              for path in SYSTEMD.glob("kosilab-periodic@*.timer")}  # fmt: skip
    assert set(timers) == set(SCHEDULES)
    for name, path in timers.items():
        timer = systemd_unit(path.name)["Timer"]
        assert timer["OnCalendar"] == SCHEDULES[name].when, name
        assert timer["Persistent"] == "true", f"{name}: a run missed while the machine was off is made up"
    service = systemd_unit("kosilab-periodic@.service")["Service"]
    assert service["ExecStart"] == "/srv/kosilab/.venv/bin/python manage.py periodic %i"
    assert service["Type"] == "oneshot"  # a run still going when the timer fires again is not doubled


def test_systemd_understands_every_schedule():
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if os.environ.get("CI") == "true":
            pytest.fail("systemd-analyze is missing (Debian's systemd package).", pytrace=False)
        pytest.skip("systemd-analyze is not installed on this machine")
    for name, schedule in SCHEDULES.items():
        done = subprocess.run(  # noqa: S603
            [analyze, "calendar", schedule.when], capture_output=True, text=True, timeout=30, check=False
        )
        assert done.returncode == 0, f"{name}: {done.stderr}"
        assert "Next elapse:" in done.stdout


def test_every_housekeeping_command_is_on_a_schedule():
    commands = get_commands()
    scheduled = [command[0] for schedule in SCHEDULES.values() for command in schedule.commands]
    assert set(scheduled) <= set(commands), set(scheduled) - set(commands)
    assert [name for name, times in Counter(scheduled).items() if times > 1] == ["send_digests"]  # daily, weekly
    periodic_by_name = {name for name in commands if name.endswith("_housekeeping")}
    assert periodic_by_name | {"mail_outbox", "send_digests", "build_open_data"} <= set(scheduled)


@pytest.mark.django_db
def test_the_minute_schedule_sends_a_mail_whose_queueing_was_lost():
    """What an app server killed between its commit and queueing the mail leaves: a pending row
    that no job will send. A minute after it was due, the minute timer's run sends it, once."""
    row = OutboxMail.objects.create(key=uuid.uuid4().hex, to="ada@example.org", subject="Bestätigt", body="Hallo")
    out = StringIO()
    call_command("periodic", "minute", stdout=out)  # not yet a minute: it may still be on its way
    assert mail.outbox == []
    assert out.getvalue().startswith("mail_outbox: 0 mails queued again")
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("periodic", "minute", stdout=out)
        call_command("periodic", "minute", stdout=out)
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    row.refresh_from_db()
    assert row.state == OutboxMail.State.SENT


@pytest.mark.django_db
def test_a_failing_command_does_not_keep_the_others_from_running(monkeypatch, caplog):
    monkeypatch.setitem(SCHEDULES, "minute", Schedule("*-*-* *:*:00", (("no_such_command",), ("mail_outbox",))))
    out = StringIO()
    with caplog.at_level(logging.ERROR, logger=periodic.__name__), pytest.raises(CommandError) as failed:
        call_command("periodic", "minute", stdout=out)
    assert str(failed.value) == "1 of 2 commands failed: no_such_command"
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("no_such_command: FAILED: CommandError: Unknown command: 'no_such_command'")
    assert lines[1].startswith("mail_outbox: 0 mails queued again")
    assert "Periodic command 'no_such_command' of the minute schedule failed." in caplog.text


def test_an_unknown_schedule_is_refused_with_the_choices():
    with pytest.raises(CommandError, match="invalid choice: 'hourly'"):
        call_command("periodic", "hourly")
