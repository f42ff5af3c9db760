"""Accessible charts as inline SVG, drawn on the server: no JavaScript, no inline styles.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by a ``<desc>`` that
states every value in words, so a screen reader gets the whole content. Colours are SVG
presentation attributes (allowed by the Content-Security-Policy, unlike ``style=``) with at least
4.5:1 contrast on white. Pages should still put a real ``<table>`` with the same numbers next to
the chart for those who want to read or copy them.

Bar charts, radar charts, line charts over dates and stacked columns; further charts reuse
:class:`Frame` and the helpers. Several series in one chart differ in colour *and* in dash pattern
and marker shape (or fill pattern), so they can be told apart without seeing colours (and in print).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

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


# --- Line chart over dates -----------------------------------------------------------------------

TARGET_COLOUR = TEXT
BASELINE_COLOUR = MUTED
BASELINE_DASH = "2 3"
TARGET_DASH = "7 4"


def _finite(value: Number) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"Chart values must be finite, got {value!r}.")
    return number


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering ``low``..``high``."""
    if high <= low:
        high = low + 1
    rough = (high - low) / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def date_ticks(start: dt.date, end: dt.date, most: int = 7) -> list[dt.date]:
    """First days of months between ``start`` and ``end``, every 1, 2, 3, 6 or 12 months, at most ``most``."""
    first, last = _month_index(start), _month_index(end)
    if start.day > 1:
        first += 1
    months = last - first + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= most), 120)
    first = first + (-first % step if step in (3, 6, 12) else 0)  # quarters and years start in January
    return [dt.date(index // 12, index % 12 + 1, 1) for index in range(first, last + 1, step)]


def format_date(day: dt.date) -> str:
    """A date in words, in the current language."""
    return date_format(day, "DATE_FORMAT")


def format_month(day: dt.date) -> str:
    """A tick label: abbreviated month and year in the current language ("Mar 2025", "März 2025", "Dez. 2025")."""
    return date_format(day, "SHORT_YEAR_MONTH_FORMAT")


def _y_tick(y: float, value: float, *, left: float, width: float, axis: bool) -> SafeString:
    """A horizontal grid line at ``y`` with its value on the left; the axis line is drawn stronger."""
    return format_html(
        '<g class="chart-tick"><line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{grid}" '
        'stroke-width="{sw}"></line><text x="{tx}" y="{y}" text-anchor="end" dominant-baseline="middle" '
        'fill="{muted}">{label}</text></g>',
        x1=left,
        x2=left + width,
        y=f"{y:.1f}",
        grid=GRID,
        sw=1 if axis else 0.3,
        tx=left - 8,
        muted=MUTED,
        label=format_number(value),
    )


def line_chart(
    series: list[tuple[str, list[tuple[dt.date, float]]]],
    *,
    target: tuple[dt.date | None, float] | None = None,
    baseline: float | None = None,
    unit: str = "",
    title: str,
    description: str = "",
    chart_id: str = "",
) -> SafeString:
    """Values over time: one line per ``(name, [(date, value), …])`` on a dated x axis, with a legend.

    ``target`` is ``(date, value)``: drawn as a dashed horizontal line at the value and, when it
    has a date, as a marked point (a ring with a cross) at that date. ``baseline`` is a dotted
    horizontal line. The y axis starts at 0 for values that are not negative, is labelled with
    ``unit`` and has round ticks; the x axis has month ticks. One point or all-equal values still
    give a sensible scale. ``description`` replaces the default ``<desc>``, which states every
    value, the target and the baseline in words.
    """
    checked = [(name, sorted((day, _finite(value)) for day, value in points)) for name, points in series]
    target_value = _finite(target[1]) if target is not None else None
    target_date = target[0] if target is not None else None
    baseline_value = _finite(baseline) if baseline is not None else None

    values = [value for _name, points in checked for _day, value in points]
    values += [v for v in (target_value, baseline_value) if v is not None]
    dates = [day for _name, points in checked for day, _value in points]
    if target_date is not None:
        dates.append(target_date)
    low, high = min(values, default=0.0), max(values, default=1.0)
    low = min(low, 0.0)
    if high == low:
        high = low + (abs(low) or 1.0)
    ticks = nice_ticks(low, high)
    y_min, y_max = ticks[0], ticks[-1]
    today = timezone.localdate()
    start, end = min(dates, default=today), max(dates, default=today)
    if (end - start).days < 60:  # one point, or points close together: a window around them
        middle = start + (end - start) / 2
        start, end = middle - dt.timedelta(days=45), middle + dt.timedelta(days=45)

    width, left, right, top, plot_height = 720, 80, 40, 40, 280
    plot_width = width - left - right
    bottom = top + plot_height
    span = max((end - start).days, 1)

    def x_of(day: dt.date) -> float:
        return left + (day - start).days / span * plot_width

    def y_of(value: float) -> float:
        return bottom - (value - y_min) / (y_max - y_min) * plot_height

    parts: list[SafeString] = []
    parts += [_y_tick(y_of(tick), tick, left=left, width=plot_width, axis=tick == y_min) for tick in ticks]
    parts.append(
        format_html(
            '<text class="chart-unit" x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
            left - 8,
            top - 16,
            MUTED,
            unit,
        )
    )
    for tick_day in date_ticks(start, end):
        x = x_of(tick_day)
        parts.append(
            format_html(
                '<g class="chart-tick"><line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{grid}"></line>'
                '<text x="{x}" y="{ty}" text-anchor="middle" fill="{muted}">{label}</text></g>',
                x=f"{x:.1f}",
                y1=bottom,
                y2=bottom + 6,
                grid=GRID,
                ty=bottom + 24,
                muted=MUTED,
                label=format_month(tick_day),
            )
        )
    parts.append(
        format_html(
            '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{grid}" stroke-width="1"></line>',
            x=left,
            y1=top,
            y2=bottom,
            grid=GRID,
        )
    )
    if baseline_value is not None:
        parts.append(
            format_html(
                '<line class="chart-baseline" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{colour}" '
                'stroke-width="1.5"{dash}></line>',
                x1=left,
                x2=left + plot_width,
                y=f"{y_of(baseline_value):.1f}",
                colour=BASELINE_COLOUR,
                dash=_dash(BASELINE_DASH),
            )
        )
    if target_value is not None:
        y = y_of(target_value)
        parts.append(
            format_html(
                '<line class="chart-target-line" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{colour}" '
                'stroke-width="1.5"{dash}></line>',
                x1=left,
                x2=left + plot_width,
                y=f"{y:.1f}",
                colour=TARGET_COLOUR,
                dash=_dash(TARGET_DASH),
            )
        )
        if target_date is not None:
            parts.append(_target_marker(x_of(target_date), y))
    for index, (_name, points) in enumerate(checked):
        colour, dasharray, shape = SERIES_STYLES[index % len(SERIES_STYLES)]
        corners = [(x_of(day), y_of(value)) for day, value in points]
        line = (
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"{} stroke-linejoin="round">'
                "</polyline>",
                _points(corners),
                colour,
                _dash(dasharray),
            )
            if len(corners) > 1
            else mark_safe("")
        )
        markers = _join(_marker(shape, x, y, colour) for x, y in corners)
        parts.append(format_html('<g class="chart-series">{}{}</g>', line, markers))

    legend: list[tuple[SafeString, str]] = []
    for index, name in enumerate(name for name, _points in checked):
        colour, dasharray, shape = SERIES_STYLES[index % len(SERIES_STYLES)]
        legend.append((_legend_line(colour, dasharray, 2.5, _marker(shape, 0, 0, colour)), name))
    if target_value is not None:
        legend.append((_legend_line(TARGET_COLOUR, TARGET_DASH, 1.5, _target_marker(0, 0)), _target_text(target, unit)))
    if baseline_value is not None:
        legend.append(
            (
                _legend_line(BASELINE_COLOUR, BASELINE_DASH, 1.5, mark_safe("")),
                gettext("Baseline: %(value)s") % {"value": _with_unit(baseline_value, unit)},
            )
        )
    legend_top = bottom + 50
    for index, (symbol, text) in enumerate(legend):
        y = legend_top + index * 26
        parts.append(
            format_html(
                '<g class="chart-legend"><g transform="translate({x} {y})">{symbol}</g>'
                '<text x="{tx}" y="{y}" dominant-baseline="middle">{text}</text></g>',
                x=left + 22,
                y=y,
                symbol=symbol,
                tx=left + 56,
                text=text,
            )
        )
    height = legend_top + max(len(legend), 1) * 26
    frame = Frame(
        width=width,
        height=height,
        title=title,
        description=description or describe_lines(checked, target=target, baseline=baseline, unit=unit),
        chart_id=chart_id or new_id(),
    )
    return frame.render(_join(parts))


def _legend_line(colour: str, dasharray: str, stroke_width: float, marker: SafeString) -> SafeString:
    return format_html(
        '<line x1="-22" y1="0" x2="22" y2="0" stroke="{}" stroke-width="{}"{}></line>{}',
        colour,
        stroke_width,
        _dash(dasharray),
        marker,
    )


def _target_marker(x: float, y: float) -> SafeString:
    """The target: a ring with a cross, unlike any series marker."""
    return format_html(
        '<g class="chart-target"><circle cx="{x}" cy="{y}" r="7" fill="#fff" stroke="{c}" stroke-width="2"></circle>'
        '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{c}" stroke-width="1.5"></line>'
        '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{c}" stroke-width="1.5"></line></g>',
        x=f"{x:.1f}",
        y=f"{y:.1f}",
        x1=f"{x - 7:.1f}",
        x2=f"{x + 7:.1f}",
        y1=f"{y - 7:.1f}",
        y2=f"{y + 7:.1f}",
        c=TARGET_COLOUR,
    )


def _with_unit(value: Number, unit: str) -> str:
    return f"{format_number(value)} {unit}".strip()


def _target_text(target: tuple[dt.date | None, float] | None, unit: str) -> str:
    if target is None:
        return ""
    day, value = target
    if day is None:
        return gettext("Target: %(value)s") % {"value": _with_unit(value, unit)}
    return gettext("Target: %(value)s by %(date)s") % {"value": _with_unit(value, unit), "date": format_date(day)}


def describe_lines(
    series: Sequence[tuple[Any, Sequence[tuple[dt.date, Number]]]],
    *,
    target: tuple[dt.date | None, float] | None = None,
    baseline: float | None = None,
    unit: str = "",
) -> str:
    """ "Series: date value, date value; Target: …; Baseline: …" – a line chart in words."""
    parts = [
        f"{name}: "
        + (", ".join(f"{format_date(day)} {_with_unit(value, unit)}" for day, value in points) or gettext("no values"))
        for name, points in series
    ]
    if target is not None:
        parts.append(_target_text(target, unit))
    if baseline is not None:
        parts.append(gettext("Baseline: %(value)s") % {"value": _with_unit(baseline, unit)})
    return "; ".join(parts)


# --- Stacked columns -----------------------------------------------------------------------------

# Fill patterns for stacked segments, so that they differ in more than colour: solid, diagonal
# hatching, cross-hatching, dots (white on the series colour, keeping its contrast to the page).
PATTERNS = ("", "hatch", "cross", "dots")


def _pattern(pattern_id: str, kind: str, colour: str) -> SafeString:
    if kind == "hatch":
        inner = mark_safe('<line x1="0" y1="0" x2="0" y2="8" stroke="#fff" stroke-width="2.5"></line>')
        transform = ' patternTransform="rotate(45)"'
    elif kind == "cross":
        inner = mark_safe(
            '<line x1="0" y1="0" x2="0" y2="8" stroke="#fff" stroke-width="2"></line>'
            '<line x1="0" y1="0" x2="8" y2="0" stroke="#fff" stroke-width="2"></line>'
        )
        transform = ' patternTransform="rotate(45)"'
    else:
        inner = mark_safe('<circle cx="4" cy="4" r="1.8" fill="#fff"></circle>')
        transform = ""
    return format_html(
        '<pattern id="{}" width="8" height="8" patternUnits="userSpaceOnUse"{}>'
        '<rect width="8" height="8" fill="{}"></rect>{}</pattern>',
        pattern_id,
        mark_safe(transform),  # noqa: S308 - a constant
        colour,
        inner,
    )


def stacked_bars(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    *,
    title: str,
    description: str = "",
    unit: str = "",
    chart_id: str = "",
) -> SafeString:
    """Vertical stacked columns: one column per category (e.g. a quarter), one segment per series.

    Segments differ in colour *and* fill pattern; the total is written above each column and the
    legend names the series. Each series needs one value (not negative) per category.
    ``description`` replaces the default ``<desc>``, which lists every value.
    """
    checked: list[tuple[str, list[float]]] = []
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(f"Series {name!r} has {len(values)} values for {len(categories)} categories.")
        checked.append((name, [_check(value) for value in values]))
    totals = [sum(values[index] for _name, values in checked) for index in range(len(categories))]
    ticks = nice_ticks(0.0, max(totals, default=0.0) or 1.0)
    y_max = ticks[-1]
    chart_id = chart_id or new_id()
    width, left, right, top, plot_height = 720, 60, 20, 40, 240
    plot_width = width - left - right
    bottom = top + plot_height
    slot = plot_width / max(len(categories), 1)
    column = min(slot * 0.6, 56)

    def y_of(value: float) -> float:
        return bottom - value / y_max * plot_height

    parts: list[SafeString] = []
    defs = []
    fills = []
    for index in range(len(checked)):
        colour = SERIES_STYLES[index % len(SERIES_STYLES)][0]
        kind = PATTERNS[index % len(PATTERNS)]
        if kind:
            pattern_id = f"{chart_id}-pattern-{index}"
            defs.append(_pattern(pattern_id, kind, colour))
            fills.append(f"url(#{pattern_id})")
        else:
            fills.append(colour)
    if defs:
        parts.append(format_html("<defs>{}</defs>", _join(defs)))
    parts += [_y_tick(y_of(tick), tick, left=left, width=plot_width, axis=tick == 0) for tick in ticks]
    if unit:
        parts.append(
            format_html(
                '<text class="chart-unit" x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
                left - 8,
                top - 16,
                MUTED,
                unit,
            )
        )
    for index, category in enumerate(categories):
        x = left + slot * index + (slot - column) / 2
        stacked = 0.0
        segments = []
        for series_index, (_name, values) in enumerate(checked):
            value = values[index]
            if value <= 0:
                continue
            y_top = y_of(stacked + value)
            segments.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff" stroke-width="1"></rect>',
                    f"{x:.1f}",
                    f"{y_top:.1f}",
                    f"{column:.1f}",
                    f"{y_of(stacked) - y_top:.1f}",
                    fills[series_index],
                )
            )
            stacked += value
        parts.append(
            format_html(
                '<g class="chart-column">{segments}<text x="{cx}" y="{ty}" text-anchor="middle">{total}</text>'
                '<text x="{cx}" y="{ly}" text-anchor="middle" fill="{muted}">{label}</text></g>',
                segments=_join(segments),
                cx=f"{x + column / 2:.1f}",
                ty=f"{y_of(stacked) - 6:.1f}",
                total=format_number(totals[index]),
                ly=bottom + 22,
                muted=MUTED,
                label=category,
            )
        )
    legend_top = bottom + 50
    for index, (name, _values) in enumerate(checked):
        y = legend_top + index * 26
        parts.append(
            format_html(
                '<g class="chart-legend"><rect x="{x}" y="{ry}" width="28" height="16" fill="{fill}"></rect>'
                '<text x="{tx}" y="{y}" dominant-baseline="middle">{name}</text></g>',
                x=left,
                ry=y - 8,
                fill=fills[index],
                tx=left + 38,
                y=y,
                name=name,
            )
        )
    height = legend_top + max(len(checked), 1) * 26
    frame = Frame(
        width=width,
        height=height,
        title=title,
        description=description or describe_series(categories, checked),
        chart_id=chart_id,
    )
    return frame.render(_join(parts))
