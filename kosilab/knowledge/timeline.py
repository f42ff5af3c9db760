"""The timeline of lab lifespans (founded → ended, or → today for a running lab) as an accessible
SVG chart, drawn on the server with the helpers of ``kosilab/core/charts.py``.

Nothing is told by colour alone: an ended lab's bar stops at a closing bar, a running lab's bar
ends in an arrow at this year, a lab whose founding year is not known gets a dashed outline from
the left edge, and every row says its years in words beside the bar (the same words are in the
chart's ``<desc>`` and in the table the page shows under it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kosilab.core.charts import GRID, MUTED, PRIMARY, Frame, nice_ticks
from kosilab.core.charts import new_id as chart_new_id
from kosilab.knowledge.selectors import Span

LABEL_WIDTH = 250
PLOT_WIDTH = 420
TEXT_WIDTH = 380  # wide enough for "founding not known – status not known" in German
ROW = 26
BAR = 14
TOP = 34
NAME_CHARS = 28


@dataclass(frozen=True)
class Lifespan:
    name: str
    founded: int | None
    ended: int | None
    status: str  # active, ended, unknown

    @property
    def running(self) -> bool:
        return self.status == "active"

    def years(self, this_year: int) -> str:
        """The lifespan in words ("2002–2018", "2014 – today (running)", "founded: not known – 2014")."""
        start = str(self.founded) if self.founded is not None else _("founded: not known")
        if self.running:
            return _("%(start)s – today (running)") % {"start": start}
        if self.ended is not None:
            return f"{start} – {self.ended}"
        if self.status == "ended":
            return _("%(start)s – ended, year not known") % {"start": start}
        return _("%(start)s – status not known") % {"start": start}


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"


def timeline_chart(
    rows: Sequence[Lifespan], *, span: Span, this_year: int, title: str, chart_id: str = ""
) -> SafeString:
    """One row per lab: its name, its lifespan as a bar on a common axis of years, its years in words."""
    first, last = span.first, max(span.last, span.first + 1)
    width = LABEL_WIDTH + PLOT_WIDTH + TEXT_WIDTH
    height = TOP + max(len(rows), 1) * ROW + 10

    def x(year: float) -> float:
        return LABEL_WIDTH + (year - first) / (last - first) * PLOT_WIDTH

    parts: list[SafeString] = []
    bottom = TOP + max(len(rows), 1) * ROW
    for tick in nice_ticks(first, last, count=6):
        if not first <= tick <= last or tick != int(tick):
            continue
        parts.append(
            format_html(
                '<g class="chart-tick"><line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{grid}" stroke-width="0.4">'
                '</line><text x="{x}" y="{ty}" text-anchor="middle" fill="{muted}">{label}</text></g>',
                x=f"{x(tick):.1f}",
                y1=TOP - 6,
                y2=bottom,
                grid=GRID,
                ty=TOP - 12,
                muted=MUTED,
                label=int(tick),
            )
        )
    for index, row in enumerate(rows):
        top = TOP + index * ROW
        middle = top + ROW / 2
        end_year = this_year if row.running or row.ended is None else row.ended
        start_year = row.founded if row.founded is not None else first
        start, end = x(start_year), x(max(end_year, start_year))
        if row.founded is None:  # not known: a dashed outline from the left edge
            bar = format_html(
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="none" stroke="{c}" stroke-width="1.5" '
                'stroke-dasharray="4 3"></rect>',
                x=f"{start:.1f}",
                y=f"{middle - BAR / 2:.1f}",
                w=f"{max(end - start, 2):.1f}",
                h=BAR,
                c=MUTED,
            )
        else:
            bar = format_html(
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}"></rect>',
                x=f"{start:.1f}",
                y=f"{middle - BAR / 2:.1f}",
                w=f"{max(end - start, 3):.1f}",
                h=BAR,
                c=PRIMARY if row.running else MUTED,
            )
        if row.running:  # an arrow at this year
            cap = format_html(
                '<polygon points="{a},{t} {b},{m} {a},{d}" fill="{c}"></polygon>',
                a=f"{end:.1f}",
                b=f"{end + 9:.1f}",
                t=f"{middle - BAR / 2 - 3:.1f}",
                m=f"{middle:.1f}",
                d=f"{middle + BAR / 2 + 3:.1f}",
                c=PRIMARY,
            )
        elif row.ended is not None:  # a closing bar at the end
            cap = format_html(
                '<line x1="{x}" y1="{t}" x2="{x}" y2="{d}" stroke="#1a1a1a" stroke-width="3"></line>',
                x=f"{end:.1f}",
                t=f"{middle - BAR / 2 - 3:.1f}",
                d=f"{middle + BAR / 2 + 3:.1f}",
            )
        else:  # an end not known: the bar fades into a dotted line
            cap = format_html(
                '<line x1="{a}" y1="{m}" x2="{b}" y2="{m}" stroke="{c}" stroke-width="2" '
                'stroke-dasharray="1 3"></line>',
                a=f"{end:.1f}",
                b=f"{end + 14:.1f}",
                m=f"{middle:.1f}",
                c=MUTED,
            )
        parts.append(
            format_html(
                '<g class="timeline-row">'
                '<text x="{lx}" y="{m}" text-anchor="end" dominant-baseline="middle">{name}</text>'
                '{bar}{cap}<text x="{tx}" y="{m}" dominant-baseline="middle" fill="{muted}">{years}</text></g>',
                lx=LABEL_WIDTH - 8,
                m=f"{middle:.1f}",
                name=_short(row.name),
                bar=bar,
                cap=cap,
                tx=LABEL_WIDTH + PLOT_WIDTH + 16,
                muted=MUTED,
                years=row.years(this_year),
            )
        )
    description = "; ".join(f"{row.name}: {row.years(this_year)}" for row in rows) or _("No lab to show.")
    frame = Frame(
        width=width, height=height, title=title, description=description, chart_id=chart_id or chart_new_id("timeline")
    )
    # Every part was built with format_html, which escaped the names.
    return frame.render(mark_safe("".join(parts)))  # noqa: S308
