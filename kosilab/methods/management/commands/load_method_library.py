from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kosilab.methods.library import LibraryError, library_files, load_library


class Command(BaseCommand):
    help = "Load the shared method library from kosilab/methods/data/*.json (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="JSON files to load instead of data/*.json")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = options["files"] or library_files()
        if not paths:
            raise CommandError("No library files found.")
        try:
            report = load_library(paths=paths)
        except LibraryError as error:
            raise CommandError(
                "Nothing was loaded; the library files have these problems:\n" + "\n".join(error.problems)
            ) from None
        self.stdout.write(
            f"Method library loaded from {len(paths)} file(s): {len(report.created)} created, "
            f"{len(report.updated)} updated, {len(report.unchanged)} unchanged."
        )
