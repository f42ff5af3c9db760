"""Builds of the dump: on request (platform admins, throttled, never two at once), on a schedule (only
when the data changed), atomic publishing (a failed build keeps the previous dump and records why)."""

from __future__ import annotations

import datetime as dt
import errno
from unittest import mock

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.english import english_everywhere  # noqa: F401
from kosilab.opendata.models import BuildStatus, BuildTrigger, DumpBuild
from kosilab.opendata.selectors import current_dump, last_check
from kosilab.opendata.services import (
    open_data_build_request,
    open_data_build_run,
    open_data_build_start,
    open_data_builds_expire_stale,
)
from kosilab.opendata.tasks import build_dump
from kosilab.opendata.tests.world import build_world, moment

pytestmark = pytest.mark.django_db

T0 = moment(2027, 5, 3, 8, 0)


def scheduled(force: bool = False) -> DumpBuild:
    build = open_data_build_run(build_id=open_data_build_start().pk, force=force)
    assert build is not None
    return build


def stored_dumps() -> list[str]:
    return sorted(default_storage.listdir("open-data")[1]) if default_storage.exists("open-data") else []


def test_a_request_queues_one_build_that_the_task_runs(admin_user, django_capture_on_commit_callbacks):
    build_world()
    with django_capture_on_commit_callbacks(execute=True):
        build = open_data_build_request(by=admin_user)
    build.refresh_from_db()
    assert (build.trigger, build.status, build.requested_by, build.active) == (
        BuildTrigger.REQUEST,
        BuildStatus.SUCCEEDED,
        admin_user,
        False,
    )
    assert current_dump() == build
    assert AuditEntry.objects.filter(action="opendata.build_requested", actor=admin_user).count() == 1
    assert AuditEntry.objects.filter(action="opendata.dump_published").count() == 1
    # The task of a build that ran already does nothing.
    assert build_dump.call(build_id=build.pk) == "not queued"
    assert stored_dumps() == [build.file_name.removeprefix("open-data/")]


def test_a_second_request_while_one_is_queued_queues_nothing(admin_user):
    with time_machine.travel(T0, tick=False):
        first = open_data_build_request(by=admin_user)
    with time_machine.travel(T0 + dt.timedelta(minutes=30), tick=False):
        with pytest.raises(DomainError, match="already queued or running"):
            open_data_build_request(by=admin_user)
        with pytest.raises(DomainError, match="already queued or running"):
            open_data_build_start()
    assert list(DumpBuild.objects.all()) == [first]
    assert first.status == BuildStatus.QUEUED


def test_requests_are_throttled(admin_user, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        open_data_build_request(by=admin_user)
    with (
        time_machine.travel(T0 + dt.timedelta(minutes=4), tick=False),
        pytest.raises(DomainError, match="less than 5 minutes ago"),
    ):
        open_data_build_request(by=admin_user)
    with (
        time_machine.travel(T0 + dt.timedelta(minutes=6), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        open_data_build_request(by=admin_user)
    assert DumpBuild.objects.filter(status=BuildStatus.SUCCEEDED).count() == 2


def test_only_platform_admins_may_request_a_build(manager):
    with pytest.raises(DomainError, match="Only platform administrators"):
        open_data_build_request(by=manager)
    assert not DumpBuild.objects.exists()


def test_a_build_left_behind_by_a_dead_worker_stops_blocking_after_two_hours(admin_user):
    with time_machine.travel(T0, tick=False):
        lost = open_data_build_request(by=admin_user)
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        assert open_data_builds_expire_stale() == 0
    with time_machine.travel(T0 + dt.timedelta(hours=3), tick=False):
        build = open_data_build_start()
    lost.refresh_from_db()
    assert (lost.status, lost.active) == (BuildStatus.FAILED, False)
    assert "Interrupted" in lost.error
    assert build.status == BuildStatus.RUNNING


def test_the_schedule_publishes_only_when_the_data_changed(lab):
    first = scheduled()
    second = scheduled()
    assert (first.status, second.status) == (BuildStatus.SUCCEEDED, BuildStatus.UNCHANGED)
    assert second.file_name == "" and current_dump() == first
    assert last_check(first) == second
    assert len(stored_dumps()) == 1
    lab.name = "Renamed lab"
    lab.save()
    third = scheduled()
    assert third.status == BuildStatus.SUCCEEDED and current_dump() == third
    assert last_check(third) is None
    assert scheduled(force=True).status == BuildStatus.SUCCEEDED


def test_old_dump_files_are_removed_but_the_one_before_the_current(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        builds = [scheduled(force=True) for _ in range(3)]
    for build in builds:
        build.refresh_from_db()
    assert builds[0].file_name == ""
    assert stored_dumps() == sorted(b.file_name.removeprefix("open-data/") for b in builds[1:])


def test_a_full_disk_keeps_the_previous_dump_and_records_the_failure(lab, client):
    good = scheduled()
    full = OSError(errno.ENOSPC, "No space left on device")
    with mock.patch("django.core.files.storage.FileSystemStorage._save", side_effect=full):
        failed = scheduled(force=True)
    assert (failed.status, failed.active, failed.file_name) == (BuildStatus.FAILED, False, "")
    assert "no space left" in failed.error
    assert current_dump() == good
    assert stored_dumps() == [good.file_name.removeprefix("open-data/")]
    assert AuditEntry.objects.filter(action="opendata.build_failed").count() == 1
    response = client.get("/open-data/kosilab-open-data.zip")
    assert response.status_code == 200 and response["ETag"] == f'"{good.sha256}"'
    # The next build is not blocked by the failed one.
    assert scheduled(force=True).status == BuildStatus.SUCCEEDED


def test_a_fault_while_reading_the_data_keeps_the_previous_dump(lab):
    good = scheduled()
    with mock.patch("kosilab.opendata.dump._rows", side_effect=RuntimeError("database went away")):
        failed = scheduled(force=True)
    assert failed.status == BuildStatus.FAILED
    assert failed.error == "RuntimeError: database went away"
    assert current_dump() == good and len(stored_dumps()) == 1


def test_a_failure_after_storing_removes_the_new_file(lab):
    good = scheduled()
    faults = [None, RuntimeError("audit down"), None]  # started, published (fails), failed
    with mock.patch("kosilab.opendata.services.log_action", side_effect=faults):
        failed = scheduled(force=True)
    assert failed.status == BuildStatus.FAILED
    assert current_dump() == good and stored_dumps() == [good.file_name.removeprefix("open-data/")]


def test_the_command_builds_and_says_so(lab, capsys):
    call_command("build_open_data")
    assert "Open data dump published" in capsys.readouterr().out
    call_command("build_open_data")
    assert "Open data unchanged" in capsys.readouterr().out
    DumpBuild.objects.create(trigger=BuildTrigger.REQUEST, status=BuildStatus.QUEUED)
    call_command("build_open_data")
    assert "already queued or running" in capsys.readouterr().out
