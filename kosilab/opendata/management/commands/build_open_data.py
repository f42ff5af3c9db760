from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kosilab.core.errors import DomainError
from kosilab.opendata.models import BuildStatus
from kosilab.opendata.services import open_data_build_run, open_data_build_start


class Command(BaseCommand):
    help = (
        "Build the open data dump (/open-data/) in this process: every public table as JSON and CSV with "
        "datapackage.json. Publishes a new dump only when the data differs from the current dump's "
        "(--force publishes anyway). Run it once a night from cron or a systemd timer. Safe to run on "
        "several hosts: while a build is queued or running, another is refused (exit status 0, a note)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Publish a new dump even if the data is unchanged.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            build = open_data_build_start()
        except DomainError as error:
            self.stdout.write(error.message)
            return
        done = open_data_build_run(build_id=build.pk, force=options["force"])
        if done is None or done.status == BuildStatus.FAILED:
            raise CommandError(f"The open data build failed: {done.error if done else 'not found'}")
        rows = sum(done.row_counts.values())
        if done.status == BuildStatus.UNCHANGED:
            self.stdout.write(f"Open data unchanged ({rows} rows); the current dump stays.")
        else:
            self.stdout.write(f"Open data dump published: {done.file_name}, {done.size} bytes, {rows} rows.")
