"""Tasks for test_run_worker.py: they count their runs and meet database faults on demand."""

from __future__ import annotations

from django.db import OperationalError
from django_tasks import task

runs: list[int] = []
faults = {"left": 0}


@task()
def count_run(number: int) -> int:
    runs.append(number)
    if faults["left"] > 0:
        faults["left"] -= 1
        raise OperationalError("terminating connection due to administrator command")
    return number
