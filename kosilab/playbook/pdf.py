"""The whole state of a lab's playbook as one PDF, drawn with fpdf2.

Title page with the progress per phase and the latest readiness self-assessment (a table with
simple bars); then one section per phase: building blocks with their guiding questions, status,
responsible person and notes, and the checklist with ticks. Page numbers in the footer.
The font is embedded and draws any script; texts go through :func:`kosilab.core.pdf.pdf_text`
(kosilab/core/pdf.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf.enums import XPos, YPos

from kosilab.core.pdf import FONT, MUTED, PRIMARY, TEXT, Document, pdf_text
from kosilab.labs.models import Lab
from kosilab.playbook.content import PHASES, SCORE_MAX, Block, Phase
from kosilab.playbook.models import Assessment, BlockState, BlockStatus, ChecklistState
from kosilab.playbook.selectors import PhaseProgress, compare, format_score

TRACK = (221, 230, 237)
MARGIN = 20.0
BODY = 10.0  # DejaVu Sans is wide and tall: 10 pt reads like 11 pt Helvetica


def _lines(text: str) -> str:
    """Text with its line breaks kept, each line made drawable by the core fonts."""
    return "\n".join(pdf_text(line) for line in str(text).splitlines())


class PlaybookPDF(Document):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 9)
        self.set_text_color(*MUTED)
        self.cell(self.epw / 2, 6, self.footer_text)
        pages = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(self.epw / 2, 6, pdf_text(pages), align="R")


class _Writer:
    def __init__(self, pdf: Document) -> None:
        self.pdf = pdf

    def heading(self, text: str, size: float = 16, space_before: float = 4) -> None:
        pdf = self.pdf
        pdf.ln(space_before)
        if pdf.get_y() > pdf.h - 50:
            pdf.add_page()
        pdf.set_font(FONT, "B", size)
        pdf.set_text_color(*PRIMARY)
        pdf.multi_cell(0, size * 0.5, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*TEXT)
        pdf.ln(1.5)

    def text(self, text: str, *, size: float = BODY, style: str = "", colour: tuple[int, int, int] = TEXT) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(0, size * 0.5, _lines(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*TEXT)

    def bullet(self, text: str, *, indent: float = 5) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "", BODY)
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(4, 5.5, "\u2022")
        pdf.multi_cell(0, 5.5, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def tick(self, text: str, done: bool, note: str = "") -> None:
        """A drawn box, ticked or not, with the item's text (and who ticked it when)."""
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 30:
            pdf.add_page()
        x, y = pdf.l_margin + 1, pdf.get_y() + 1
        pdf.set_draw_color(*PRIMARY)
        pdf.set_line_width(0.4)
        pdf.rect(x, y, 4, 4)
        if done:
            pdf.set_line_width(0.7)
            pdf.line(x + 0.8, y + 2.2, x + 1.8, y + 3.3)
            pdf.line(x + 1.8, y + 3.3, x + 3.4, y + 0.7)
        pdf.set_x(pdf.l_margin + 8)
        pdf.set_font(FONT, "B" if done else "", BODY)
        label = f"{text} ({note})" if note else text
        pdf.multi_cell(0, 6, pdf_text(label), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _date(value: object) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")  # type: ignore[arg-type]


def _progress(w: _Writer, progress: list[PhaseProgress]) -> None:
    w.heading(_("Progress"), size=14)
    for row in progress:
        w.text(
            _("%(number)d. %(phase)s: checklist %(done)d of %(total)d, building blocks done %(blocks)d of %(all)d")
            % {
                "number": row.phase.number,
                "phase": row.phase.title,
                "done": row.checklist_done,
                "total": row.checklist_total,
                "blocks": row.blocks_done,
                "all": row.blocks_total,
            }
        )


def _assessment(w: _Writer, latest: Assessment | None, earlier: Assessment | None) -> None:
    pdf = w.pdf
    w.heading(_("Readiness self-assessment"), size=14)
    if latest is None:
        w.text(_("No assessment yet."))
        return
    if earlier is not None:
        w.text(
            _("Latest assessment (%(latest)s) compared with the first (%(first)s); scores from 0 to 4.")
            % {"latest": _date(latest.taken_at), "first": _date(earlier.taken_at)},
            colour=MUTED,
        )
    else:
        w.text(
            _("Assessment of %(date)s; scores from 0 (not at all) to 4 (fully).") % {"date": _date(latest.taken_at)},
            colour=MUTED,
        )
    pdf.ln(2)
    name_w, number_w, bar_w = 76.0, 18.0, pdf.epw - 76.0 - 36.0 - 2
    pdf.set_font(FONT, "B", 10)
    pdf.cell(name_w, 7, pdf_text(_("Dimension")))
    pdf.cell(number_w, 7, pdf_text(_("First")) if earlier else "", align="R")
    pdf.cell(number_w, 7, pdf_text(_("Latest")), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for row in compare(latest, earlier):
        y = pdf.get_y()
        pdf.set_font(FONT, "", 10)
        pdf.cell(name_w, 8, pdf_text(str(row.title)))
        pdf.cell(number_w, 8, format_score(row.earlier) if earlier else "", align="R")
        pdf.cell(number_w, 8, format_score(row.latest), align="R")
        x = pdf.l_margin + name_w + 2 * number_w + 2
        pdf.set_fill_color(*TRACK)
        pdf.rect(x, y + 2, bar_w, 4, style="F")
        if row.latest:
            pdf.set_fill_color(*PRIMARY)
            pdf.rect(x, y + 2, bar_w * min(row.latest / SCORE_MAX, 1.0), 4, style="F")
        if row.earlier is not None and earlier is not None:
            # The first assessment's score as a thin mark across the bar.
            mark = x + bar_w * min(row.earlier / SCORE_MAX, 1.0)
            pdf.set_draw_color(*TEXT)
            pdf.set_line_width(0.6)
            pdf.line(mark, y + 0.8, mark, y + 7.2)
        pdf.set_xy(pdf.l_margin, y + 8)
    if earlier is not None:
        pdf.ln(1)
        w.text(_("Bars show the latest score; the thin line marks the first score."), size=9, colour=MUTED)
    if latest.note:
        pdf.ln(1)
        w.text(_("Note: %(note)s") % {"note": latest.note}, size=10)


def _block(w: _Writer, block: Block, state: BlockState | None) -> None:
    status = BlockStatus(state.status).label if state else BlockStatus.OPEN.label
    w.heading(str(block.title), size=12, space_before=3)
    w.text(_("Status: %(status)s") % {"status": status}, size=10, colour=MUTED)
    responsible = state.responsible_display if state else ""
    w.text(_("Responsible: %(who)s") % {"who": responsible or _("nobody named yet")}, size=10, colour=MUTED)
    w.pdf.ln(1)
    w.text(_("Guiding questions"), size=BODY, style="B")
    for question in block.questions:
        w.bullet(str(question))
    w.pdf.ln(1)
    w.text(_("Notes"), size=BODY, style="B")
    w.text(state.notes if state and state.notes else _("No notes yet."))


def _phase(w: _Writer, phase: Phase, blocks: Mapping[str, BlockState], checklist: Mapping[str, ChecklistState]) -> None:
    w.pdf.add_page()
    w.heading(
        _("Phase %(number)d: %(title)s") % {"number": phase.number, "title": phase.title}, size=16, space_before=0
    )
    w.text(str(phase.intro), colour=MUTED)
    for block in phase.blocks:
        _block(w, block, blocks.get(block.key))
    w.heading(_("Checklist"), size=12, space_before=4)
    for item in phase.checklist:
        state = checklist.get(item.key)
        done = bool(state and state.done)
        note = ""
        if state and state.done and state.done_at:
            who = state.done_by.name if state.done_by else ""
            note = (
                _("done on %(date)s by %(who)s") % {"date": _date(state.done_at), "who": who}
                if who
                else _("done on %(date)s") % {"date": _date(state.done_at)}
            )
        w.tick(str(item.text), done, note)


def render_playbook(
    lab: Lab,
    *,
    progress: list[PhaseProgress],
    blocks: Mapping[str, BlockState],
    checklist: Mapping[str, ChecklistState],
    latest: Assessment | None,
    earlier: Assessment | None,
    compress: bool = True,
) -> bytes:
    """The PDF, in the active language. ``blocks`` and ``checklist`` as from the selectors."""
    pdf = PlaybookPDF(compress=compress, language=translation.get_language() or "de")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=20)
    title = _("Playbook of %(lab)s") % {"lab": lab.name}
    pdf.set_title(pdf_text(title))
    pdf.set_author(pdf_text(lab.name))
    pdf.footer_text = pdf_text(title)
    w = _Writer(pdf)
    pdf.add_page()
    w.heading(title, size=20, space_before=0)
    w.text(
        _("Set-up of a municipal lab for social innovation in four phases. As of %(date)s.")
        % {"date": formats.date_format(timezone.localdate(), "DATE_FORMAT")},
        colour=MUTED,
    )
    if lab.city:
        w.text(lab.city, colour=MUTED)
    _progress(w, progress)
    _assessment(w, latest, earlier)
    for phase in PHASES:
        _phase(w, phase, blocks, checklist)
    return bytes(pdf.output())
