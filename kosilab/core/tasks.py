"""Helpers around Django's tasks interface (django-tasks) for code that schedules work for later.

Which backend runs the tasks is chosen by ``KOSILAB_TASKS`` (see config/settings.py): the database
and Redis backends can run a task later (``run_after``), the immediate backend of the tests cannot.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django_rq.queues import DjangoRQ
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from rq.job import Job, Retry

logger = logging.getLogger(__name__)


def backend_can_defer(task: Task[..., Any] | None = None) -> bool:
    """Can the task's backend (without a task: the default backend) run a task at a later time?"""
    backend = task.get_backend() if task is not None else task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    return bool(backend.supports_defer)


def enqueue_at(task: Task[..., Any], when: datetime, /, **kwargs: Any) -> bool:
    """Queue ``task(**kwargs)`` to run at ``when`` (an aware datetime) or later.

    Returns False, and queues nothing, if the backend cannot defer; the caller decides what to do then.
    A ``when`` in the past runs the task as soon as a worker is free. Raises what the backend raises
    when the queue is unreachable.
    """
    if not backend_can_defer(task):
        return False
    task.using(run_after=when).enqueue(**kwargs)
    return True


def enqueue_with_transaction(
    task: Task[..., Any], /, *, when: datetime | None = None, what: str, **kwargs: Any
) -> None:
    """Queue ``task(**kwargs)`` (at ``when`` or later, where the backend can defer) so that it runs
    only if the current transaction commits. Never raises: a queue that refuses it is logged with
    ``what`` (which says how the work still gets done, e.g. the mail outbox's sweep).

    A queue outside the database (Redis) would see the task at once, so it is queued after the
    commit. The database queue is a table of the same database: the task's row, written inside the
    transaction (in a savepoint, so that a refusal costs the task and never the action), becomes
    visible with the commit and goes with a rollback, and needs no commit of its own: a registration
    ended with two more commits before, one per task, each waiting for the disk.
    """

    def enqueue() -> None:
        if when is None:
            task.enqueue(**kwargs)
        else:
            enqueue_at(task, when, **kwargs)

    def quietly() -> None:
        try:
            enqueue()
        except Exception:
            logger.warning("Could not queue %s", what, exc_info=True)

    if transaction.get_connection().in_atomic_block and isinstance(task.get_backend(), DatabaseBackend):
        try:
            with transaction.atomic():
                enqueue()
        except Exception:
            logger.warning("Could not queue %s", what, exc_info=True)
        return
    transaction.on_commit(quietly, robust=True)


class RetryingQueue(DjangoRQ):
    """An RQ queue whose jobs run again when their worker dies in the middle of one (killed, out of memory).

    RQ marks such a job failed without running any more of its code; with a ``Retry`` it queues the job
    again instead (after ``CRASH_RETRY_DELAYS`` seconds; the workers need ``--with-scheduler``). Tasks
    that must not act twice guard themselves: a mail's outbox row is sent once (``core.mail``).

    A job's description, which the workers log, is only the task's name: RQ would show the arguments
    (ids by our rule; jobs queued before the mail outbox carried recipient, body and links).
    ``RQ_QUEUES`` names this class (``QUEUE_CLASS``) for the queues of the redis task backend.
    """

    CRASH_RETRY_DELAYS = [600, 1800]  # the first no sooner than core.mail.SEND_LEASE

    def create_job(self, *args: Any, **kwargs: Any) -> Job:
        if kwargs.get("retry") is None:
            kwargs["retry"] = Retry(max=len(self.CRASH_RETRY_DELAYS), interval=self.CRASH_RETRY_DELAYS)
        if not kwargs.get("description"):
            func = args[0] if args else kwargs.get("func")
            kwargs["description"] = func if isinstance(func, str) else getattr(func, "__qualname__", repr(func))
        return super().create_job(*args, **kwargs)
