"""Restore a backup into an empty database and the storage, or compare an installation with one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kosilab.core import backup


class Command(BaseCommand):
    help = "Restore a backup folder into the configured (empty) database and storage; --verify only compares."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="a folder written by manage.py backup")
        parser.add_argument(
            "--verify", action="store_true", help="restore nothing: compare rows and files with the backup"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        try:
            manifest = backup.read_manifest(folder) if options["verify"] else backup.restore(folder)
            found = backup.differences(manifest)
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        if found:
            raise CommandError("The installation differs from the backup:\n" + "\n".join(found))
        self.stdout.write(
            f"Matches the backup of {manifest['taken_at']}: {sum(manifest['rows'].values())} rows, "
            f"{len(manifest['files'])} files."
        )
