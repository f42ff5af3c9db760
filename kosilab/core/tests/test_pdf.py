"""The shared PDF set-up: the embedded Unicode font, its licence, and reading names back."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from fpdf import FPDF

from kosilab.core.pdf import FONT, FONT_DIR, FONT_FILES, Document, drawable, needs_shaping, pdf_text
from kosilab.core.tests.pdf import ARABIC_NAME, NAMES, assert_names_drawn, pdf_content_text, pdf_glyphs


def _document(lines: tuple[str, ...], *, unicode: bool = True, style: str = "", compress: bool = True) -> bytes:
    if unicode:
        pdf = Document(compress=compress)
        pdf.set_font(FONT, style, 12)
    else:  # how KoSI-Lab drew PDFs before: core fonts, Windows-1252, unknown letters as "?"
        pdf = FPDF()
        pdf.core_fonts_encoding = "windows-1252"
        pdf.set_font("helvetica", style, 12)
    pdf.add_page()
    for line in lines:
        text = pdf_text(line) if unicode else line.encode("cp1252", errors="replace").decode("cp1252")
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_the_fonts_and_their_licence_ship_with_the_code():
    root = Path(__file__).resolve().parents[3]
    for filename in FONT_FILES.values():
        assert (FONT_DIR / filename).stat().st_size < 1_000_000
    licence = (FONT_DIR / "LICENSE").read_text()
    assert "Bitstream Vera Fonts Copyright" in licence and "Arev Fonts Copyright" in licence
    assert "kosilab/core/fonts/LICENSE" in (root / "README.md").read_text()


@pytest.mark.parametrize("filename", FONT_FILES.values())
def test_every_style_has_a_glyph_for_every_name(filename):
    with TTFont(FONT_DIR / filename) as font:
        cmap = font.getBestCmap()
        features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert [char for char in "".join(NAMES) if not char.isspace() and ord(char) not in cmap] == []
    assert {"init", "medi", "fina", "rlig"} <= features  # Arabic joining forms and the lām-alif ligature


@pytest.mark.parametrize("style", ["", "B"])
def test_names_in_every_script_are_read_back(style):
    content = _document(NAMES, style=style)
    assert_names_drawn(content)
    text = pdf_content_text(content)
    assert ARABIC_NAME in text.splitlines()  # a line of its own, in reading order
    assert "دمحأل" not in text


def test_arabic_is_drawn_right_to_left_and_joined():
    glyphs = pdf_glyphs(_document((ARABIC_NAME,)))
    # Drawn from the left edge: the last letter (dāl) of the surname comes first, the first name last.
    assert glyphs[0] == "د" and glyphs[-1] == "م"
    assert "لأ" in glyphs and len(glyphs) == len(ARABIC_NAME) - 1  # lām + alif: one glyph


def test_the_old_core_fonts_would_fail_the_check():
    """The check is meaningful: with the Windows-1252 core fonts the names turn into question marks."""
    content = _document(NAMES, unicode=False)
    with pytest.raises(AssertionError, match="not drawn"):
        assert_names_drawn(content)
    text = pdf_content_text(content)
    assert "Jürgen Groß" in text  # German was fine before, and still reads back
    assert "????? ????????" in text  # Олена Шевченко


def test_pdf_text_keeps_what_the_font_draws_and_simplifies_the_rest():
    assert all(pdf_text(name) == name for name in NAMES)
    assert pdf_text("  Jiří\n\tDvořák ") == "Jiří Dvořák"
    assert pdf_text("Nguye\u0302\u0303n") == "Nguyễn"  # decomposed input, composed for the font
    assert pdf_text("東京 🌱") == "?? ?"  # no CJK or emoji in DejaVu Sans: "?" rather than empty boxes
    assert ord("Ș") in drawable() and ord("東") not in drawable()


def test_only_texts_that_need_it_are_shaped():
    assert needs_shaping(ARABIC_NAME) and needs_shaping("Nguye\u0302\u0303n") and needs_shaping("שלום")
    assert not any(needs_shaping(name) for name in NAMES if name != ARABIC_NAME)
    # Unshaped text is one string per line; shaped text places each glyph.
    plain, shaped = _document(("Jürgen Groß",), compress=False), _document((ARABIC_NAME,), compress=False)
    assert plain.count(b" Tm ") == 0 and shaped.count(b" Tm ") > 0
