from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kosilab.core.mail import outbox_sweep, outbox_thin


class Command(BaseCommand):
    help = (
        "Mail outbox: queue again every mail that is still waiting a minute after it was due (the queue "
        "was unreachable, or the task backend cannot retry later) or whose worker died while sending; "
        "a mail is sent once even if it was queued twice. Clear the text of mails sent more than "
        "--clear-body-days ago, delete sent and failed mails older than --keep-days. Run it every "
        "minute (or every few minutes), e.g. by cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clear-body-days", type=int, default=7, help="default 7; the text holds links")
        parser.add_argument("--keep-days", type=int, default=30, help="default 30; longer than every retry")

    def handle(self, *args: Any, **options: Any) -> None:
        queued = outbox_sweep()
        cleared, deleted = outbox_thin(
            clear_body_after=timedelta(days=options["clear_body_days"]),
            delete_after=timedelta(days=options["keep_days"]),
        )
        self.stdout.write(f"{queued} mails queued again, {cleared} texts cleared, {deleted} old mails deleted.")
