from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from kosilab.core.models import SentMail


class Command(BaseCommand):
    help = (
        "Database queue: put back tasks whose worker died in the middle (still 'running' after "
        "--stale-minutes), so that a worker runs them again; mails among them are not sent twice. "
        "Forget the records of sent mails after --keep-days. Run it every 15 minutes, e.g. by cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--stale-minutes", type=int, default=15, help="default 15; our tasks take seconds")
        parser.add_argument("--keep-days", type=int, default=30, help="default 30; longer than every retry")

    def handle(self, *args: Any, **options: Any) -> None:
        from django_tasks_db.models import DBTaskResult

        now = timezone.now()
        requeued = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - timedelta(minutes=options["stale_minutes"])
        ).update(status=TaskResultStatus.READY, started_at=None)
        forgotten, _ = SentMail.objects.filter(sent_at__lt=now - timedelta(days=options["keep_days"])).delete()
        self.stdout.write(f"{requeued} stale tasks queued again, {forgotten} sent-mail records forgotten.")
