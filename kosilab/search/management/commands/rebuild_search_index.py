from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kosilab.search.services import index_rebuild


class Command(BaseCommand):
    help = (
        "Build the search index afresh from every lab, challenge, process, event, method, idea, result, "
        "organisation and lab profile (after bulk writes that sent no signals; safe to repeat)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = index_rebuild()
        for kind, number in counts.items():
            self.stdout.write(f"  {kind:<14} {number:>8}")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {sum(counts.values())} entries."))
