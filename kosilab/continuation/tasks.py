"""Deferred work of the continuation. Tasks take ids and do nothing twice (see services)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_followup_reminder(*, followup_id: int) -> bool:
    """The reminder seven days before a follow-up; scheduled when the follow-up is added. Sends at most once."""
    from kosilab.continuation.services import followup_remind

    return followup_remind(followup_id=followup_id)


@task()
def send_due_followup_reminders() -> int:
    """Every reminder that is due; for a periodic run (backends that cannot defer)."""
    from kosilab.continuation.services import followups_remind_due

    return followups_remind_due()
