"""What every PDF of KoSI-Lab shares (certificates, agendas, the playbook), drawn with fpdf2.

Every PDF embeds DejaVu Sans (regular and bold, shipped in ``kosilab/core/fonts/`` with its
licence), so names in Latin scripts (German, Turkish, Polish, Czech, Romanian, Vietnamese …),
Greek, Cyrillic and Arabic print as written. Texts that need it are shaped with HarfBuzz
(``uharfbuzz``): Arabic letters join and run right to left. Only the characters drawn are embedded
(fpdf2 subsets the font), so a certificate stays small (about 20 kB). Characters the font lacks
(CJK, emoji) are simplified by :func:`pdf_text` ("東京" → "??"), never drawn as empty boxes.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from django.utils import timezone
from fontTools.ttLib import TTFont
from fpdf import FPDF

PRIMARY = (7, 61, 94)  # the site's dark blue (#073d5e)
TEXT = (26, 26, 26)
MUTED = (77, 77, 77)
FONT = "dejavu-sans"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


class Document(FPDF):
    """An A4 fpdf2 document the KoSI-Lab way: the embedded Unicode font, metadata, and text shaping
    where a text needs it.

    HarfBuzz shaping (joined Arabic letters, right to left, marks placed on their letters) costs
    about five times the drawing time and writes every glyph with its own position, so it is
    switched on per text, only for texts with right-to-left letters or combining marks; the others
    are drawn as plain strings, as before.
    """

    def __init__(self, *, compress: bool = True, language: str | None = None) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        for style, filename in FONT_FILES.items():
            self.add_font(FONT, style, FONT_DIR / filename)
        self.set_compression(compress)
        self.set_creator("KoSI-Lab")
        self.set_creation_date(timezone.now())
        if language:
            self.set_lang(language)

    def normalize_text(self, text: str) -> str:
        # fpdf2 calls this for every text it draws or measures, just before it splits the text.
        self.set_text_shaping(needs_shaping(text))
        return super().normalize_text(text)


def needs_shaping(text: str) -> bool:
    """True for text with right-to-left letters (Arabic, Hebrew) or combining marks."""
    return any(
        unicodedata.bidirectional(char) in {"R", "AL", "AN"} or unicodedata.combining(char)
        for char in text
        if ord(char) > 0x2FF
    )


@functools.cache
def drawable() -> frozenset[int]:
    """The code points every style of the font has a glyph for."""
    maps = []
    for filename in FONT_FILES.values():
        with TTFont(FONT_DIR / filename, lazy=True) as font:
            maps.append(set(font.getBestCmap()))
    return frozenset(set.intersection(*maps))


def _simplified(char: str) -> str:
    """A character the font lacks: its base letter if the font has that ("ꝑ" → "p"), else "?"."""
    if unicodedata.category(char) in {"Cf", "Cc"}:
        return ""  # invisible: joiners, direction marks, controls
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and all(ord(c) in drawable() for c in base):
        return base
    return "?"


def pdf_text(text: str) -> str:
    """Text as the PDF draws it: one line, composed (NFC), characters without a glyph simplified.

    "Jiří  Dvořák\\n" → "Jiří Dvořák"; "محمد" stays as it is; "東京 🌱" → "?? ?".
    """
    line = unicodedata.normalize("NFC", " ".join(str(text).split()))
    font = drawable()
    return "".join(char if ord(char) in font else _simplified(char) for char in line)
