"""Deferred work of the sustainability watch. Tasks take ids (or nothing) and do nothing twice."""

from __future__ import annotations

from django_tasks import task


@task()
def send_due_warnings() -> int:
    """Mail every end of a mandate, term of office or funding that reached a threshold; for a daily
    run (see docs/operations.md). Each end and threshold is mailed once, whoever runs it."""
    from kosilab.sustainability.services import warnings_send_due

    return warnings_send_due()
