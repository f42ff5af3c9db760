"""``manage.py run_worker``: the database queue's worker waits through a database outage.

A real PostgreSQL stopped for 60 s under a running worker: test_database_restart.py.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kosilab.core.management.commands import run_worker
from kosilab.core.tests import worker_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _database_queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    worker_tasks.runs.clear()
    worker_tasks.faults["left"] = 0
    monkeypatch.setattr(run_worker, "BACKOFF_START", 0.01)


def worker() -> run_worker.ResilientWorker:
    return run_worker.ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def test_a_task_interrupted_by_a_database_fault_runs_again_and_succeeds():
    result = worker_tasks.count_run.enqueue(number=7)
    worker_tasks.faults["left"] = 1
    w = worker()
    w.run()
    assert worker_tasks.runs == [7, 7]
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 7
    assert w.outages == 1


def test_the_worker_waits_with_growing_pauses_until_the_database_answers(monkeypatch):
    worker_tasks.count_run.enqueue(number=1)
    answers = iter([False, False, False, True])
    monkeypatch.setattr(run_worker, "database_answers", lambda: next(answers))
    pauses: list[float] = []
    monkeypatch.setattr(run_worker.time, "sleep", pauses.append)
    polls = {"n": 0}
    original = DBTaskResult.objects.ready

    def ready_after_a_fault():
        polls["n"] += 1
        if polls["n"] == 1:
            raise OperationalError("could not connect to server: Connection refused")
        return original()

    monkeypatch.setattr(DBTaskResult.objects, "ready", ready_after_a_fault)
    w = worker()
    w.run()
    assert pauses == [0.01, 0.02, 0.04, 0.08]
    assert worker_tasks.runs == [1]


def test_the_pause_grows_to_at_most_30_seconds(monkeypatch):
    answers = iter([False] * 9 + [True])
    monkeypatch.setattr(run_worker, "database_answers", lambda: next(answers))
    monkeypatch.setattr(run_worker, "BACKOFF_START", 0.5)
    pauses: list[float] = []
    monkeypatch.setattr(run_worker.time, "sleep", pauses.append)
    worker()._wait_for_database(OperationalError("down"))
    assert pauses == [0.5, 1, 2, 4, 8, 16, 30, 30, 30, 30]


def test_a_finished_task_whose_result_could_not_be_recorded_is_not_run_again(monkeypatch):
    result = worker_tasks.count_run.enqueue(number=3)
    original = DBTaskResult.set_successful
    failures = {"left": 1}

    def set_successful(self, return_value):
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return original(self, return_value)

    monkeypatch.setattr(DBTaskResult, "set_successful", set_successful)
    worker().run()
    assert worker_tasks.runs == [3]
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL


def test_a_task_that_always_meets_a_fault_is_given_up(caplog):
    result = worker_tasks.count_run.enqueue(number=5)
    worker_tasks.faults["left"] = 100
    worker().run()
    assert len(worker_tasks.runs) == run_worker.MAX_INTERRUPTIONS
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED
    assert "marked failed" in caplog.text


def test_the_command_takes_db_workers_options():
    worker_tasks.count_run.enqueue(number=9)
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0)
    assert worker_tasks.runs == [9]
