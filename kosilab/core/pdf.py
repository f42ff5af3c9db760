"""What every PDF of KoSI-Lab shares (certificates, agendas, the playbook), drawn with fpdf2.

The PDF core fonts are used, so there are no font files to ship: they draw Windows-1252, which
covers German; :func:`pdf_text` transliterates any other character or makes it "?".
"""

from __future__ import annotations

import unicodedata

ENCODING = "windows-1252"
PRIMARY = (7, 61, 94)  # the site's dark blue (#073d5e)
TEXT = (26, 26, 26)
MUTED = (77, 77, 77)
FONT = "helvetica"
# Letters Unicode does not decompose into a base letter plus accent.
_TRANSLITERATE = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Ŧ": "T", "ŧ": "t"}


def pdf_text(text: str) -> str:
    """Text the core fonts can draw: "Dvořák" → "Dvorak", "Łódź" → "Lodz", "東京" → "??"."""
    out = []
    for char in " ".join(str(text).split()):
        try:
            char.encode(ENCODING)
        except UnicodeEncodeError:
            base = _TRANSLITERATE.get(char) or "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            try:
                base.encode(ENCODING)
            except UnicodeEncodeError:
                base = ""
            out.append(base or "?")
        else:
            out.append(char)
    return "".join(out)
