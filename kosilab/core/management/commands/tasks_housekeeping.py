from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from kosilab.core.models import AuditEntry
from kosilab.core.personal_data import task_results_thin_out


class Command(BaseCommand):
    help = (
        "Database queue: put back tasks whose worker died in the middle (still 'running' after "
        "--stale-minutes), so that a worker runs them again; mails among them are not sent twice "
        "(manage.py mail_outbox looks after the mails themselves). Delete the results of tasks finished "
        "more than 7 days ago (they may hold personal data), and audit log entries older than "
        "KOSILAB_AUDIT_RETENTION_DAYS. Run it every 15 minutes, e.g. by cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--stale-minutes", type=int, default=15, help="default 15; our tasks take seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        from django_tasks_db.models import DBTaskResult

        now = timezone.now()
        requeued = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - timedelta(minutes=options["stale_minutes"])
        ).update(status=TaskResultStatus.READY, started_at=None)
        thinned = task_results_thin_out(now=now)
        expired = audit_log_thin_out(now=now)
        self.stdout.write(
            f"{requeued} stale tasks queued again, {thinned} finished task results deleted, "
            f"{expired} expired audit entries deleted."
        )


def audit_log_thin_out(*, now: datetime) -> int:
    """Delete audit entries written more than KOSILAB_AUDIT_RETENTION_DAYS before ``now``.

    Nothing refers to an entry, so this is one DELETE on the indexed ``created_at``."""
    cutoff = now - timedelta(days=settings.KOSILAB_AUDIT_RETENTION_DAYS)
    deleted, _ = AuditEntry.objects.filter(created_at__lt=cutoff).delete()
    return deleted
