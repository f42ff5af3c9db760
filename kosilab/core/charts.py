"""Accessible charts as inline SVG, drawn on the server: no JavaScript, no inline styles.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by a ``<desc>`` that
states every value in words, so a screen reader gets the whole content. Colours are SVG
presentation attributes (allowed by the Content-Security-Policy, unlike ``style=``) with at least
4.5:1 contrast on white. Pages should still put a real ``<table>`` with the same numbers next to
the chart for those who want to read or copy them.

Bar charts and radar charts so far; further charts reuse :class:`Frame` and the helpers. Several
series in one chart differ in colour *and* in dash pattern and marker shape, so they can be told
apart without seeing colours (and in print).
"""

from __future__ import annotations

import itertools
import math
import textwrap
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


# Several series in one chart: colour, dash pattern and marker shape all differ. Every colour has
# at least 4.5:1 contrast on white; blue and orange stay apart for the common colour blindnesses.
SERIES_STYLES: tuple[tuple[str, str, str], ...] = (
    (PRIMARY, "", "circle"),
    ("#a03c00", "8 5", "square"),
    ("#1e5128", "2 4", "diamond"),
    ("#5c2d91", "12 4 3 4", "triangle"),
)
LINE_HEIGHT = 17


def _marker(shape: str, x: float, y: float, colour: str, size: float = 4.5) -> SafeString:
    if shape == "circle":
        return format_html('<circle cx="{}" cy="{}" r="{}" fill="{}"></circle>', f"{x:.1f}", f"{y:.1f}", size, colour)
    if shape == "square":
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
            f"{x - size:.1f}",
            f"{y - size:.1f}",
            size * 2,
            size * 2,
            colour,
        )
    s = size * 1.3
    if shape == "diamond":
        corners = [(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
    else:  # triangle
        corners = [(x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)]
    return format_html('<polygon points="{}" fill="{}"></polygon>', _points(corners), colour)


def _points(corners: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)


def _join(parts: Any) -> SafeString:
    """Join parts that were each built with format_html (so already escaped)."""
    return mark_safe("".join(parts))  # noqa: S308


def _dash(dasharray: str) -> SafeString:
    return format_html(' stroke-dasharray="{}"', dasharray) if dasharray else mark_safe("")


def _axis_label(label: str, x: float, y: float, cos: float, sin: float, width: int) -> SafeString:
    """An axis label outside the plot, wrapped onto several lines and anchored away from the centre."""
    lines = textwrap.wrap(str(label), width=width) or [""]
    anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
    if sin < -0.3:  # above the centre: the last line ends at the axis
        first = y - (len(lines) - 1) * LINE_HEIGHT
    elif sin > 0.3:  # below: the first line starts under the axis
        first = y + LINE_HEIGHT * 0.8
    else:
        first = y - (len(lines) - 1) * LINE_HEIGHT / 2 + 5
    spans = _join(
        format_html('<tspan x="{}" dy="{}">{}</tspan>', f"{x:.1f}", 0 if index == 0 else LINE_HEIGHT, line)
        for index, line in enumerate(lines)
    )
    return format_html(
        '<text class="chart-axis-label" x="{x}" y="{y}" text-anchor="{anchor}">{spans}</text>',
        x=f"{x:.1f}",
        y=f"{first:.1f}",
        anchor=anchor,
        spans=spans,
    )


def describe_series(axes: Sequence[Any], series: Sequence[tuple[Any, Sequence[Number]]]) -> str:
    """ "Series: axis value, axis value; Series: …" – every value of a multi-series chart in words."""
    return "; ".join(
        f"{name}: " + ", ".join(f"{axis} {format_number(value)}" for axis, value in zip(axes, values, strict=True))
        for name, values in series
    )


def radar_chart(
    axes: list[str],
    series: list[tuple[str, list[float]]],
    *,
    max_value: float,
    title: str,
    description: str = "",
    chart_id: str = "",
    label_width: int = 22,
) -> SafeString:
    """A radar (spider) chart: one axis per label, one closed line per series, with a legend.

    The first axis points up, the others follow clockwise. Each series needs one value per axis,
    from 0 to ``max_value`` (values above are drawn at the rim). Rings mark each whole number up to
    ``max_value`` when it is at most 10, otherwise quarters. The first series is drawn on top and
    lightly filled. ``description`` replaces the default ``<desc>``, which lists every value.
    Labels are escaped; long axis labels wrap after about ``label_width`` characters.
    """
    if len(axes) < 3:
        raise ValueError("A radar chart needs at least three axes.")
    scale_max = _check(max_value)
    if scale_max == 0:
        raise ValueError("max_value must be greater than 0.")
    checked = []
    for name, values in series:
        if len(values) != len(axes):
            raise ValueError(f"Series {name!r} has {len(values)} values for {len(axes)} axes.")
        checked.append((name, [min(_check(value), scale_max) for value in values]))

    wrapped = max(len(textwrap.wrap(str(axis), width=label_width)) for axis in axes)
    radius, gap, width = 150.0, 16.0, 680
    margin = 20 + wrapped * LINE_HEIGHT + gap
    cx, cy = width / 2, margin + radius
    legend_top = cy + radius + margin
    height = int(legend_top + max(len(series), 1) * 26 + 10)
    angles = [-math.pi / 2 + 2 * math.pi * index / len(axes) for index in range(len(axes))]
    directions = [(math.cos(angle), math.sin(angle)) for angle in angles]

    def point(fraction: float, index: int) -> tuple[float, float]:
        cos, sin = directions[index]
        return cx + radius * fraction * cos, cy + radius * fraction * sin

    parts: list[SafeString] = []
    whole = scale_max == int(scale_max) and scale_max <= 10
    rings = [float(n) for n in range(1, int(scale_max) + 1)] if whole else [scale_max * q / 4 for q in range(1, 5)]
    for ring in rings:
        corners = [point(ring / scale_max, index) for index in range(len(axes))]
        parts.append(
            format_html(
                '<polygon class="chart-grid" points="{}" fill="none" stroke="{}" stroke-width="{}"></polygon>',
                _points(corners),
                GRID,
                1 if ring == rings[-1] else 0.5,
            )
        )
    for index, axis in enumerate(axes):
        x, y = point(1.0, index)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="0.5"></line>',
                cx,
                cy,
                f"{x:.1f}",
                f"{y:.1f}",
                GRID,
            )
        )
        lx, ly = point(1.0 + 12 / radius, index)
        parts.append(_axis_label(axis, lx, ly, *directions[index], label_width))
    for ring in rings:
        parts.append(
            format_html(
                '<text class="chart-scale" x="{}" y="{}" font-size="12" fill="{}" text-anchor="end" stroke="#fff" '
                'stroke-width="3" paint-order="stroke">{}</text>',
                f"{cx - 5:.1f}",
                f"{cy - radius * ring / scale_max - 3:.1f}",
                MUTED,
                format_number(ring),
            )
        )
    # The first series last, so that it lies on top.
    for index in reversed(range(len(checked))):
        name, values = checked[index]
        colour, dasharray, shape = SERIES_STYLES[index % len(SERIES_STYLES)]
        corners = [point(value / scale_max, axis) for axis, value in enumerate(values)]
        fill = format_html(' fill="{}" fill-opacity="0.12"', colour) if index == 0 else mark_safe(' fill="none"')
        markers = _join(_marker(shape, x, y, colour) for x, y in corners)
        parts.append(
            format_html(
                '<g class="chart-series"><polygon points="{points}"{fill} stroke="{colour}" stroke-width="2.5"'
                '{dash} stroke-linejoin="round"></polygon>{markers}</g>',
                points=_points(corners),
                fill=fill,
                colour=colour,
                dash=_dash(dasharray),
                markers=markers,
            )
        )
    for index, (name, _values) in enumerate(checked):
        colour, dasharray, shape = SERIES_STYLES[index % len(SERIES_STYLES)]
        y = legend_top + index * 26 + 8
        parts.append(
            format_html(
                '<g class="chart-legend"><line x1="40" y1="{y}" x2="84" y2="{y}" stroke="{colour}" stroke-width="2.5"'
                '{dash}></line>{marker}<text x="96" y="{y}" dominant-baseline="middle">{name}</text></g>',
                y=f"{y:.1f}",
                colour=colour,
                dash=_dash(dasharray),
                marker=_marker(shape, 62, y, colour),
                name=name,
            )
        )
    frame = Frame(
        width=width,
        height=height,
        title=title,
        description=description or describe_series(axes, series),
        chart_id=chart_id or new_id(),
    )
    return frame.render(_join(parts))
