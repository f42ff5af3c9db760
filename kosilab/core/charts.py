"""Accessible charts as inline SVG, drawn on the server: no JavaScript, no inline styles.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by a ``<desc>`` that
states every value in words, so a screen reader gets the whole content. Colours are SVG
presentation attributes (allowed by the Content-Security-Policy, unlike ``style=``) with at least
4.5:1 contrast on white. Pages should still put a real ``<table>`` with the same numbers next to
the chart for those who want to read or copy them.

Only bar charts exist so far; radar and line charts will reuse :class:`Frame` and the helpers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

Number = int | float | Decimal

# Colours with at least 4.5:1 contrast on white (WCAG 2.1 AA for text and graphics).
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
PRIMARY = "#073d5e"
GRID = "#767676"
FONT_SIZE = 14
FONT_FAMILY = "system-ui, sans-serif"

_ids = itertools.count(1)


def new_id(prefix: str = "chart") -> str:
    """An id for the chart's title and description, unique within one process (and page)."""
    return f"{prefix}-{next(_ids)}"


def format_number(value: Number) -> str:
    """A value for a label, in the current language: whole numbers without decimals."""
    if isinstance(value, float | Decimal) and value != int(value):
        return number_format(value, decimal_pos=1, use_l10n=True)
    return number_format(int(value), use_l10n=True)


def _check(value: Number) -> float:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"Chart values must be finite and not negative, got {value!r}.")
    return number


@dataclass(frozen=True)
class Frame:
    """The outer ``<svg>`` of a chart with its accessible name and description."""

    width: int
    height: int
    title: str
    description: str
    chart_id: str

    def render(self, body: SafeString) -> SafeString:
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {w} {h}" '
            'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{id}-title {id}-desc" '
            'font-family="{font}" font-size="{size}" fill="{text}">'
            '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
            w=self.width,
            h=self.height,
            id=self.chart_id,
            font=FONT_FAMILY,
            size=FONT_SIZE,
            text=TEXT,
            title=self.title,
            desc=self.description,
            body=body,
        )


def describe(bars: Sequence[tuple[Any, Number]]) -> str:
    """ "label: value; label: value" – the chart's values in words."""
    return "; ".join(f"{label}: {format_number(value)}" for label, value in bars)


def bar_chart(
    bars: Sequence[tuple[Any, Number]],
    *,
    title: str,
    max_value: Number | None = None,
    description: str = "",
    label_width: int = 160,
    chart_id: str = "",
) -> SafeString:
    """A horizontal bar chart: one row per ``(label, value)``, the value written after its bar.

    ``max_value`` fixes the scale (e.g. the number of answers, so that bars of several charts
    compare); by default the largest value fills the width. ``description`` replaces the default
    ``<desc>``, which lists every label and value. Labels are escaped.
    """
    values = [_check(value) for _, value in bars]
    scale_max = _check(max_value) if max_value is not None else max(values, default=0.0)
    row, bar_height, gap, top = 28, 20, 8, 8
    plot_x, plot_width, value_width = label_width, 320, 64
    width = plot_x + plot_width + value_width
    height = top * 2 + max(len(bars), 1) * (row + gap) - gap
    parts = []
    for index, ((label, value), number) in enumerate(zip(bars, values, strict=True)):
        y = top + index * (row + gap)
        bar = 0.0 if scale_max == 0 else min(number / scale_max, 1.0) * plot_width
        parts.append(
            format_html(
                '<g class="chart-bar">'
                '<text x="{lx}" y="{my}" text-anchor="end" dominant-baseline="middle">{label}</text>'
                '<rect x="{bx}" y="{by}" width="{bw}" height="{bh}" fill="{fill}"></rect>'
                '<text x="{vx}" y="{my}" dominant-baseline="middle">{value}</text></g>',
                lx=plot_x - 8,
                my=y + row / 2,
                label=label,
                bx=plot_x,
                by=y + (row - bar_height) / 2,
                bw=f"{bar:.1f}",
                bh=bar_height,
                fill=PRIMARY,
                vx=f"{plot_x + bar + 6:.1f}",
                value=format_number(value),
            )
        )
    axis = format_html(
        '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{grid}" stroke-width="1"></line>',
        x=plot_x,
        y1=top / 2,
        y2=height - top / 2,
        grid=GRID,
    )
    frame = Frame(
        width=width,
        height=height,
        title=title,
        description=description or describe(bars),
        chart_id=chart_id or new_id(),
    )
    # Every part was built with format_html, which escaped the labels.
    return frame.render(mark_safe(axis + "".join(parts)))  # noqa: S308
