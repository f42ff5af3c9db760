from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from kosilab.core.release import missing_steps


class Command(BaseCommand):
    help = (
        "Prepare a release, once per deployment and before the app servers start: apply the migrations, "
        "collect the static files, bring the shared method library up to the release's data files. "
        "Safe to repeat; the app refuses to start in production until it has run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        for step, command, kwargs in (
            ("Applying migrations", "migrate", {"interactive": False}),
            ("Collecting static files", "collectstatic", {"interactive": False}),
            ("Loading the method library", "load_method_library", {}),
        ):
            if verbosity:
                self.stdout.write(f"== {step} ({command})")
            call_command(command, verbosity=verbosity, stdout=self.stdout, stderr=self.stderr, **kwargs)
        missing = missing_steps()
        if missing:  # pragma: no cover - only if a step silently did not do its work
            raise RuntimeError(" ".join(missing))
        if verbosity:
            self.stdout.write(self.style.SUCCESS("Release prepared: the app servers can start."))
