"""Make the English catalogue complete: the source strings are English, so msgstr = msgid.

Run by `make messages` after makemessages. Every entry is set from its source, so a fuzzy guess
that makemessages made from a similar old string never survives.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from kosilab.core.catalogues import parse_po, write_po


class Command(BaseCommand):
    help = "Set every msgstr of locale/en to its msgid."

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
        header, entries = parse_po(path.read_text(encoding="utf-8"))
        changed = 0
        for entry in entries:
            before = (entry.msgstr, list(entry.plural_strs), list(entry.flags))
            if entry.plural is not None:
                entry.plural_strs = [entry.msgid, entry.plural]
            else:
                entry.msgstr = entry.msgid
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            changed += before != (entry.msgstr, entry.plural_strs, entry.flags)
        header = re.sub(r'"Plural-Forms:[^"]*"', r'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', header)
        path.write_text(write_po(header, entries), encoding="utf-8")
        self.stdout.write(f"Set {changed} English entries from their source.")
