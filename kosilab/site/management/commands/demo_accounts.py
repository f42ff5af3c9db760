from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kosilab.accounts.demo import DEMO_PASSWORD, accounts_present
from kosilab.site.demo import ROLES_TEXT


class Command(BaseCommand):
    help = "Print the demo accounts and their password."

    def handle(self, *args: Any, **options: Any) -> None:
        existing = accounts_present(ROLES_TEXT)
        if not existing:
            self.stdout.write("No demo accounts in this database (run 'make demo').")
            return
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for email, role in ROLES_TEXT.items():
            if email in existing:
                self.stdout.write(f"  {email:<45} {role}")
