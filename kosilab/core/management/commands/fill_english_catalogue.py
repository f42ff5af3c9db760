"""Make the English catalogue complete: the source strings are English, so msgstr = msgid.

Run by `make messages` after makemessages; entries a translator already changed are kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from kosilab.core.catalogues import parse_po, write_po


class Command(BaseCommand):
    help = "Fill empty msgstr entries of locale/en with their msgid."

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
        header, entries = parse_po(path.read_text(encoding="utf-8"))
        filled = 0
        for entry in entries:
            if entry.plural is not None:
                if not all(entry.plural_strs):
                    entry.plural_strs = [entry.msgid, entry.plural]
                    filled += 1
            elif not entry.msgstr:
                entry.msgstr = entry.msgid
                filled += 1
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        header = re.sub(r'"Plural-Forms:[^"]*"', r'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', header)
        path.write_text(write_po(header, entries), encoding="utf-8")
        self.stdout.write(f"Filled {filled} English entries.")
