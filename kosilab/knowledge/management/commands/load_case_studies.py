from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kosilab.knowledge.library import CaseStudyError, check_case_studies, data_files, load_case_studies


class Command(BaseCommand):
    help = (
        "Load the case-study labs from kosilab/knowledge/data/*.json (all or nothing; entries that did not "
        "change since the last load are left as they are). --check only validates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="JSON files to load instead of data/*.json")
        parser.add_argument("--check", action="store_true", help="validate the files, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = options["files"] or data_files()
        if not paths:
            raise CommandError("No data files found.")
        try:
            if options["check"]:
                count = check_case_studies(paths=paths)
                self.stdout.write(f"{count} case-study labs in {len(paths)} file(s) are valid; nothing was written.")
                return
            report = load_case_studies(paths=paths)
        except CaseStudyError as error:
            raise CommandError(
                "Nothing was loaded; the data files have these problems:\n" + "\n".join(error.problems)
            ) from None
        self.stdout.write(
            f"Case-study labs loaded from {len(paths)} file(s): {len(report.created)} created, "
            f"{len(report.updated)} updated, {len(report.unchanged)} unchanged."
        )
