"""Back up the database and every stored file into a new folder (kosilab/core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kosilab.core import backup


class Command(BaseCommand):
    help = "Write a backup (database, files, manifest) into a new folder; see docs/deployment.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="a new or empty folder for this backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup.take(options["folder"])
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backup in {options['folder']}: {sum(manifest['rows'].values())} rows in {len(manifest['rows'])} "
            f"tables, {len(manifest['files'])} files."
        )
