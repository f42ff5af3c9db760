"""The timeline of a lab's mandates and funding: one bar per record from its start to its end, as an
accessible inline SVG drawn on the server (built on ``kosilab.core.charts``: the frame with title
and description, date ticks, colours with 4.5:1 contrast, no inline styles).

Each row is named in words ("Mandate: …", "Funding: …"), so the kind never rests on colour alone;
an open end is an arrow at the right edge, the end of a term of office a diamond, today a dashed
line. The description states every row in words, and the page puts a table with the same dates
beside the chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kosilab.core.charts import GRID, MUTED, PRIMARY, TEXT, Frame, date_ticks, format_date, format_month, new_id

LABEL_CHARS = 34  # of a row's name at the left (the description and the table have it in full)
FUNDING_COLOUR = "#a03c00"  # 4.5:1 on white, apart from PRIMARY for the common colour blindnesses


@dataclass(frozen=True)
class TimelineRow:
    label: str  # "Mandate: Council decision …"
    kind: str  # "mandate" or "funding"
    start: dt.date
    end: dt.date | None  # None: open-ended
    term_end: dt.date | None = None
    closed: bool = False  # ended by a decision


def describe_rows(rows: Sequence[TimelineRow], today: dt.date) -> str:
    parts = []
    for row in rows:
        if row.end is None:
            span = _("from %(start)s, open-ended") % {"start": format_date(row.start)}
        else:
            span = _("from %(start)s until %(end)s") % {"start": format_date(row.start), "end": format_date(row.end)}
        if row.term_end is not None:
            span += "; " + _("term of office ends %(date)s") % {"date": format_date(row.term_end)}
        parts.append(f"{row.label}: {span}")
    parts.append(_("Today: %(date)s") % {"date": format_date(today)})
    return ". ".join(parts) + "."


def timeline_chart(rows: Sequence[TimelineRow], *, today: dt.date, title: str, chart_id: str = "") -> SafeString:
    """Bars from start to end on a dated axis, one row per record, with today's line and a legend."""
    days = [today]
    for row in rows:
        days += [row.start, *(d for d in (row.end, row.term_end) if d is not None)]
    start, end = min(days), max(days)
    start -= dt.timedelta(days=30)
    end += dt.timedelta(days=60)
    width, left, right, top, row_height, bar_height = 800, 300, 30, 16, 34, 16
    plot_width = width - left - right
    span = max((end - start).days, 1)
    bottom = top + max(len(rows), 1) * row_height

    def x_of(day: dt.date) -> float:
        return left + (day - start).days / span * plot_width

    parts: list[SafeString] = []
    for tick in date_ticks(start, end):
        x = x_of(tick)
        parts.append(
            format_html(
                '<g class="chart-tick"><line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{grid}" stroke-width="0.3">'
                '</line><text x="{x}" y="{ty}" text-anchor="middle" fill="{muted}">{label}</text></g>',
                x=f"{x:.1f}",
                y1=top,
                y2=bottom + 6,
                grid=GRID,
                ty=bottom + 24,
                muted=MUTED,
                label=format_month(tick),
            )
        )
    for index, row in enumerate(rows):
        y = top + index * row_height
        colour = PRIMARY if row.kind == "mandate" else FUNDING_COLOUR
        x1 = x_of(row.start)
        x2 = x_of(row.end) if row.end is not None else left + plot_width - 10
        label = row.label if len(row.label) <= LABEL_CHARS else row.label[: LABEL_CHARS - 1] + "…"
        bar = format_html(
            '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}"{o}></rect>',
            x=f"{x1:.1f}",
            y=f"{y + (row_height - bar_height) / 2:.1f}",
            w=f"{max(x2 - x1, 2):.1f}",
            h=bar_height,
            c=colour,
            o=mark_safe(' fill-opacity="0.55"') if row.closed else mark_safe(""),
        )
        arrow = (
            format_html(
                '<polygon points="{}" fill="{}"></polygon>',
                f"{x2:.1f},{y + 7:.1f} {x2 + 10:.1f},{y + row_height / 2:.1f} {x2:.1f},{y + row_height - 7:.1f}",
                colour,
            )
            if row.end is None
            else mark_safe("")
        )
        term = mark_safe("")
        if row.term_end is not None:
            tx, ty = x_of(row.term_end), y + row_height / 2
            term = format_html(
                '<polygon class="chart-term" points="{}" fill="{}" stroke="#fff" stroke-width="1"></polygon>',
                f"{tx:.1f},{ty - 9:.1f} {tx + 9:.1f},{ty:.1f} {tx:.1f},{ty + 9:.1f} {tx - 9:.1f},{ty:.1f}",
                TEXT,
            )
        parts.append(
            format_html(
                '<g class="chart-row"><text x="{lx}" y="{ly}" text-anchor="end" dominant-baseline="middle">'
                "{label}</text>{bar}{arrow}{term}</g>",
                lx=left - 10,
                ly=f"{y + row_height / 2:.1f}",
                label=label,
                bar=bar,
                arrow=arrow,
                term=term,
            )
        )
    tx = x_of(today)
    parts.append(
        format_html(
            '<g class="chart-today"><line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{c}" stroke-width="2" '
            'stroke-dasharray="5 4"></line><text x="{x}" y="{ty}" text-anchor="middle" fill="{c}">{label}</text></g>',
            x=f"{tx:.1f}",
            y1=top - 4,
            y2=bottom + 4,
            c=TEXT,
            ty=bottom + 44,
            label=_("Today"),
        )
    )
    legend = [
        (format_html('<rect x="-12" y="-7" width="24" height="14" fill="{}"></rect>', PRIMARY), _("Mandate")),
        (format_html('<rect x="-12" y="-7" width="24" height="14" fill="{}"></rect>', FUNDING_COLOUR), _("Funding")),
        (
            format_html('<polygon points="0,-9 9,0 0,9 -9,0" fill="{}"></polygon>', TEXT),
            _("End of the term of office"),
        ),
        (
            format_html('<polygon points="-6,-8 6,0 -6,8" fill="{}"></polygon>', MUTED),
            _("No end date"),
        ),
    ]
    legend_top = bottom + 72
    parts.append(
        format_html_join(
            "",
            '<g class="chart-legend"><g transform="translate({} {})">{}</g><text x="{}" y="{}" '
            'dominant-baseline="middle">{}</text></g>',
            (
                (
                    left + (i % 2) * 250,
                    legend_top + (i // 2) * 26,
                    symbol,
                    left + (i % 2) * 250 + 22,
                    legend_top + (i // 2) * 26,
                    text,
                )
                for i, (symbol, text) in enumerate(legend)
            ),
        )
    )
    frame = Frame(
        width=width,
        height=legend_top + 2 * 26,
        title=title,
        description=describe_rows(rows, today),
        chart_id=chart_id or new_id("timeline"),
    )
    return frame.render(mark_safe("".join(parts)))  # noqa: S308 - each part built with format_html
