"""The agenda of a session as PDF (A4, fpdf2), in the reader's language.

Title, process, date, time and place; a table of the blocks (start–end, block, minutes,
responsible, notes); the materials list; page numbers. The font is embedded and draws any script
(kosilab/core/pdf.py); every text goes through ``pdf_text`` (one line, characters the font lacks
simplified), as the certificates do.
"""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from kosilab.core.content_languages import localise
from kosilab.core.pdf import FONT, MUTED, PRIMARY, TEXT, Document, pdf_text
from kosilab.planning import selectors
from kosilab.planning.models import Block, Session

MARGIN = 18.0


class _AgendaPDF(Document):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.footer_text.replace("{page}", str(self.page_no())), align="C")


def _line(pdf: Document, label: str, value: str) -> None:
    pdf.set_font(FONT, "B", 10)
    pdf.cell(32, 6, pdf_text(label))
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 6, pdf_text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _minutes(value: int) -> str:
    return ngettext("%(count)d minute", "%(count)d minutes", value) % {"count": value}


def render_agenda(session: Session, blocks: list[Block], *, compress: bool = True) -> bytes:
    """The agenda in the active language. ``blocks`` with ``method`` and ``responsible`` loaded."""
    agenda = selectors.agenda(session, blocks)
    pdf = _AgendaPDF(compress=compress, language=translation.get_language() or "de")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(pdf_text(session.title))
    pdf.alias_nb_pages("{pages}")
    pdf.footer_text = pdf_text(
        _("%(title)s – page %(page)s of %(pages)s")
        % {
            "title": session.title,
            "page": "{page}",
            "pages": "{pages}",
        }
    )
    pdf.add_page()

    pdf.set_text_color(*PRIMARY)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 8, pdf_text(session.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_text_color(*TEXT)
    if session.is_template:
        _line(pdf, _("Template"), session.template_name)
    if session.process is not None:
        _line(pdf, _("Lab process"), localise(session.process, "title").text)
    _line(pdf, _("Lab"), session.lab.name)
    if session.date is not None:
        _line(pdf, _("Date"), formats.date_format(session.date, "DATE_FORMAT"))
    _line(
        pdf,
        _("Time"),
        _("%(start)s–%(end)s (time available: %(minutes)s)")
        % {
            "start": f"{agenda.starts:%H:%M}",
            "end": f"{agenda.slot_ends:%H:%M}",
            "minutes": _minutes(agenda.slot_minutes),
        },
    )
    if session.room is not None:
        _line(pdf, _("Place"), f"{session.room.name}, {session.room.location}")
    if agenda.overrun:
        pdf.set_text_color(164, 22, 26)
        _line(
            pdf,
            _("Warning"),
            _("The plan is %(over)d minutes longer than the slot of %(slot)d minutes.")
            % {"over": agenda.overrun, "slot": agenda.slot_minutes},
        )
        pdf.set_text_color(*TEXT)
    pdf.ln(4)

    if agenda.rows:
        pdf.set_font(FONT, "", 9)
        pdf.set_draw_color(201, 209, 217)
        headings = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=PRIMARY)
        with pdf.table(
            col_widths=(24, 51, 19, 33, 47),  # times and "Minuten" fit on one line in DejaVu Sans
            text_align="LEFT",
            headings_style=headings,
            line_height=5,
            padding=1.5,
            first_row_as_headings=True,
            repeat_headings=1,
        ) as table:
            heading = table.row()
            for text in (_("Time"), _("Block"), _("Minutes"), _("Responsible"), _("Notes")):
                heading.cell(pdf_text(text))
            for row in agenda.rows:
                cells = table.row()
                cells.cell(f"{row.starts:%H:%M}–{row.ends:%H:%M}")
                cells.cell(pdf_text(row.block.title))
                cells.cell(str(row.block.minutes))
                cells.cell(pdf_text(row.block.responsible_label))
                cells.cell(_multiline(row.block.notes))
        pdf.ln(2)
        pdf.set_font(FONT, "", 10)
        pdf.cell(
            0,
            6,
            pdf_text(
                _("Planned: %(planned)s, ends at %(end)s.")
                % {"planned": _minutes(agenda.total_minutes), "end": f"{agenda.ends:%H:%M}"}
            ),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    else:
        pdf.set_font(FONT, "", 10)
        pdf.cell(0, 6, pdf_text(_("No blocks planned yet.")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    items = selectors.materials(blocks, selectors.session_setting(session))
    if items:
        pdf.ln(4)
        pdf.set_font(FONT, "B", 12)
        pdf.set_text_color(*PRIMARY)
        pdf.cell(0, 7, pdf_text(_("Materials")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*TEXT)
        for item in items:
            pdf.set_font(FONT, "", 10)
            text = _("%(item)s (for: %(blocks)s)") % {"item": item.name, "blocks": ", ".join(item.blocks)}
            pdf.multi_cell(0, 5.5, "- " + pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if session.notes:
        pdf.ln(4)
        pdf.set_font(FONT, "B", 12)
        pdf.set_text_color(*PRIMARY)
        pdf.cell(0, 7, pdf_text(_("Notes")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*TEXT)
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5.5, _multiline(session.notes), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _multiline(text: str) -> str:
    """Like pdf_text, but keeps line breaks."""
    return "\n".join(pdf_text(line) for line in str(text).splitlines())
