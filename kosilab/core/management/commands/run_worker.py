"""``manage.py run_worker``: the database queue's worker (django-tasks-db), kept alive through database outages.

``manage.py db_worker`` exits at the first database error: a PostgreSQL restart, or a database
down for a minute, stops the mails until someone restarts the worker. ``run_worker`` takes the same
options and runs the same loop, but on a connection-level fault (``OperationalError``,
``InterfaceError``) it closes its connections, waits with growing pauses (``BACKOFF_START`` doubling
up to ``BACKOFF_MAX`` seconds) until the database answers, and carries on:

* a task that met the fault (its own queries failed) is put back into the queue, to run again from
  the start (its transaction was rolled back; mails are not sent twice, see core/mail.py); after
  ``MAX_INTERRUPTIONS`` such runs it is marked failed, so a task that always fails does not loop;
* a task that finished but whose result could not be recorded gets its result recorded once the
  database is back (it does not run again).

SIGTERM and Ctrl+C stop it as they stop ``db_worker`` (the running task is finished first).
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from django.core.management.base import CommandError
from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks.base import TaskResultStatus
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from kosilab.core.database_faults import database_answers, is_database_fault, reset_connections

logger = logging.getLogger("kosilab.core.worker")

BACKOFF_START = 0.5
BACKOFF_MAX = 30.0
MAX_INTERRUPTIONS = 5


class _TaskInterrupted(Exception):
    """A task met a database fault; what to do with its row once the database answers again."""

    def __init__(self, task_id: Any, *, outcome: str, error: BaseException, return_value: Any = None) -> None:
        super().__init__(task_id)
        self.task_id = task_id
        self.outcome = outcome  # "again": run it again; "successful"/"failed": record that outcome
        self.error = error
        self.return_value = return_value


class ResilientWorker(db_worker.Worker):
    """django-tasks-db's worker, which waits for the database instead of exiting when it goes away."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._unsettled: _TaskInterrupted | None = None
        self.outages = 0

    def run(self) -> None:
        while self.running:
            try:
                self._settle()
                super().run()
                return  # --batch or --max-tasks reached
            except _TaskInterrupted as interrupted:
                self._unsettled = interrupted
                self._wait_for_database(interrupted.error)
            except Exception as exc:
                if not is_database_fault(exc):
                    raise
                self._wait_for_database(exc)
            self.startup_delay = False

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        """django-tasks-db's run_task, except that a database fault does not mark the task failed."""
        task_id = db_task_result.pk
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            try:
                if task.takes_context:
                    context: TaskContext[Any, Any] = TaskContext(task_result=task_result)
                    return_value = task.call(context, *task_result.args, **task_result.kwargs)
                else:
                    return_value = task.call(*task_result.args, **task_result.kwargs)
            except BaseException as exc:
                if is_database_fault(exc):
                    raise _TaskInterrupted(task_id, outcome="again", error=exc) from exc
                self._record(db_task_result, "failed", exc, None)
                return
            self._record(db_task_result, "successful", None, return_value)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _record(
        self, row: DBTaskResult[Any, Any], outcome: str, error: BaseException | None, return_value: Any
    ) -> None:
        try:
            if outcome == "successful":
                row.set_successful(return_value)
            else:
                assert error is not None
                row.set_failed(error)
        except Exception as exc:
            if is_database_fault(exc):
                raise _TaskInterrupted(row.pk, outcome=outcome, error=error or exc, return_value=return_value) from exc
            raise
        task_finished.send(sender=type(row.task.get_backend()), task_result=row.task_result)

    def _wait_for_database(self, exc: BaseException) -> None:
        self.outages += 1
        logger.warning("Database unavailable (%s); the worker waits for it.", exc)
        reset_connections()
        delay = BACKOFF_START
        started = time.monotonic()
        while self.running:
            time.sleep(delay)
            if database_answers():
                logger.warning("Database back after %.0f s; the worker carries on.", time.monotonic() - started)
                return
            delay = min(delay * 2, BACKOFF_MAX)

    def _settle(self) -> None:
        """Put the row of an interrupted task right, now that the database answers."""
        interrupted, self._unsettled = self._unsettled, None
        if interrupted is None:
            return
        close_old_connections()
        row = DBTaskResult.objects.filter(pk=interrupted.task_id, status=TaskResultStatus.RUNNING).first()
        if row is None:
            return
        if interrupted.outcome == "successful":
            row.set_successful(interrupted.return_value)
        elif interrupted.outcome == "failed" or len(row.worker_ids) >= MAX_INTERRUPTIONS:
            row.set_failed(interrupted.error)
            logger.error("Task %s failed (%s); marked failed.", row.pk, interrupted.error)
        else:
            DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
            logger.warning("Task %s was interrupted by a database fault; queued again.", row.pk)


class Command(db_worker.Command):
    help = (
        "Run the database queue's worker (same options as db_worker); it waits for the database "
        "through an outage instead of exiting."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stdout))
        reload = options["reload"] and not options["batch"]
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
