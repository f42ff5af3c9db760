"""The side-by-side comparison as a PDF (A4 landscape), drawn with fpdf2 on the shared
``kosilab.core.pdf.Document``: the embedded DejaVu font draws every name as written.

One table, facet by facet: the own lab in the first column, the chosen labs beside it. A value that
differs from the own lab's is set in bold on a tinted cell and says so in words ("≠ differs"), so
that the difference survives a black-and-white print.
"""

from __future__ import annotations

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from kosilab.core.pdf import FONT, MUTED, PRIMARY, TEXT, Document, pdf_text
from kosilab.knowledge.compare import Row
from kosilab.knowledge.models import LabProfile
from kosilab.labs.models import Lab

MARGIN = 14.0
LABEL_WIDTH = 46.0
DIFFERS_FILL = (255, 241, 204)  # a light amber, with bold text and the word "differs"


def _lines(text: str) -> str:
    return "\n".join(pdf_text(line) for line in str(text).splitlines()) or "–"


class ComparisonPDF(Document):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(self.epw / 2, 5, self.footer_text)
        pages = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(self.epw / 2, 5, pdf_text(pages), align="R")


def render_side_by_side(lab: Lab, own: LabProfile, others: list[LabProfile], rows: list[Row]) -> bytes:
    """The PDF in the active language: ``rows`` from ``compare.side_by_side(own, others)``."""
    pdf = ComparisonPDF(language=translation.get_language() or "de")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    title = _("%(lab)s compared with other labs") % {"lab": lab.name}
    pdf.set_title(pdf_text(title))
    pdf.set_author(pdf_text(lab.name))
    pdf.footer_text = pdf_text(title)
    pdf.add_page(orientation="L")

    pdf.set_text_color(*PRIMARY)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, pdf_text(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, "", 9)
    names = ", ".join(profile.name for profile in others)
    pdf.multi_cell(
        0,
        5,
        pdf_text(
            _("Compared with: %(names)s. As of %(date)s.")
            % {"names": names, "date": formats.date_format(timezone.localdate(), "DATE_FORMAT")}
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.multi_cell(
        0,
        5,
        pdf_text(_("Marked “≠ differs”: the value is not the same as your lab's. Empty: not known.")),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(3)
    pdf.set_text_color(*TEXT)

    other_width = (pdf.epw - LABEL_WIDTH) / max(len(others) + 1, 1)
    widths = (LABEL_WIDTH, *([other_width] * (len(others) + 1)))
    headings = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=PRIMARY)
    differs = FontFace(emphasis="BOLD", fill_color=DIFFERS_FILL)
    label_style = FontFace(emphasis="BOLD")
    pdf.set_font(FONT, "", 8.5)
    pdf.set_draw_color(201, 209, 217)
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        headings_style=headings,
        line_height=4.2,
        padding=1.4,
        first_row_as_headings=True,
        repeat_headings=1,
    ) as table:
        heading = table.row()
        heading.cell(pdf_text(_("Facet")))
        heading.cell(pdf_text(_("%(lab)s (your lab)") % {"lab": lab.name}))
        for profile in others:
            heading.cell(pdf_text(profile.name))
        for row in rows:
            cells = table.row()
            cells.cell(pdf_text(row.label), style=label_style)
            for cell in row.cells:
                if cell.differs:
                    cells.cell(_lines(cell.text) + "\n" + pdf_text("≠ " + _("differs")), style=differs)
                else:
                    cells.cell(_lines(cell.text))
    return bytes(pdf.output())
