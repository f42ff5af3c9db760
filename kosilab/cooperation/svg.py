"""The network picture: an accessible SVG drawn on the server (no JavaScript, no inline styles).

Each sector has a colour and a shape of its own (circle, square, triangle, diamond; an open circle
for an unknown sector), so the sectors are told apart without seeing colours; the legend says which
is which. A node's size grows with its number of ties, a line's width with the strength of the tie;
the most central nodes are labelled. Each node carries a ``<title>`` (shown on hover). The
``<desc>`` sums the picture up in words, and the page puts tables with every node and tie next to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kosilab.cooperation.analysis import DRAWN_EDGES, LAYOUT_NODES
from kosilab.core.charts import FONT_FAMILY, GRID, MUTED, TEXT, new_id
from kosilab.core.sectors import Sector

# Colour and shape per sector; every colour has at least 4.5:1 contrast on white.
SECTOR_STYLES: dict[str, tuple[str, str]] = {
    Sector.PUBLIC: ("#073d5e", "circle"),
    Sector.BUSINESS: ("#a03c00", "square"),
    Sector.CIVIL_SOCIETY: ("#1e5128", "triangle"),
    Sector.SCIENCE: ("#5c2d91", "diamond"),
    "": (MUTED, "ring"),
}

WIDTH, HEIGHT, LEGEND, MARGIN = 960, 660, 40, 28
# The most nodes and lines drawn; beyond, the most central nodes and the strongest ties among them.
MOST_NODES, MOST_EDGES = LAYOUT_NODES, DRAWN_EDGES
LABELLED = 12


@dataclass(frozen=True)
class DrawnNode:
    key: str
    label: str
    sector: str
    x: float  # 0..1
    y: float
    degree: int
    labelled: bool = False


@dataclass(frozen=True)
class DrawnEdge:
    source: str
    target: str
    weight: int


def n(value: float) -> str:
    """A coordinate for an attribute, with one decimal."""
    return f"{value:.1f}"


def sector_label(sector: str) -> str:
    return str(Sector(sector).label) if sector in Sector.values else gettext("Sector unknown")


def shape(kind: str, x: float, y: float, r: float, colour: str) -> SafeString:
    """One marker: ``circle``, ``square``, ``triangle``, ``diamond`` or ``ring`` (open circle).
    Built with f-strings for speed (hundreds per page): only numbers and our colour constants go in."""
    if kind == "circle":
        return mark_safe(f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(r)}" fill="{colour}"></circle>')  # noqa: S308
    if kind == "ring":
        return mark_safe(  # noqa: S308
            f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(r)}" fill="#fff" stroke="{colour}" stroke-width="2"></circle>'
        )
    if kind == "square":
        side = r * 1.7
        return mark_safe(  # noqa: S308
            f'<rect x="{n(x - side / 2)}" y="{n(y - side / 2)}" width="{n(side)}" height="{n(side)}" '
            f'fill="{colour}"></rect>'
        )
    if kind == "triangle":
        h = r * 1.25
        corners = [(x, y - h), (x + h, y + h * 0.8), (x - h, y + h * 0.8)]
    else:  # diamond
        h = r * 1.3
        corners = [(x, y - h), (x + h, y), (x, y + h), (x - h, y)]
    points = " ".join(f"{n(cx)},{n(cy)}" for cx, cy in corners)
    return mark_safe(f'<polygon points="{points}" fill="{colour}"></polygon>')  # noqa: S308


def _legend(present: Sequence[str]) -> SafeString:
    parts = []
    x = MARGIN
    for sector in present:
        colour, kind = SECTOR_STYLES.get(sector, SECTOR_STYLES[""])
        label = sector_label(sector)
        parts.append(shape(kind, x + 7, LEGEND / 2, 6, colour))
        parts.append(format_html('<text x="{}" y="{}" dominant-baseline="middle">{}</text>', x + 20, LEGEND / 2, label))
        x += 40 + int(len(label) * 7.6)
    return mark_safe("".join(parts))  # noqa: S308 - every part was built with format_html


def network_svg(
    nodes: Sequence[DrawnNode], edges: Sequence[DrawnEdge], *, title: str, description: str, chart_id: str = ""
) -> SafeString:
    """The picture of a network whose node positions lie in the unit square (``x``, ``y``)."""
    chart_id = chart_id or new_id("network")
    top = LEGEND + MARGIN
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - top - MARGIN
    places = {n.key: (MARGIN + n.x * plot_w, top + n.y * plot_h) for n in nodes}
    most = max((n.degree for n in nodes), default=1) or 1
    heaviest = max((e.weight for e in edges), default=1) or 1
    lines = []
    for edge in edges:
        if edge.source not in places or edge.target not in places:
            continue
        (x1, y1), (x2, y2) = places[edge.source], places[edge.target]
        width = 0.6 + 2.4 * math.sqrt(edge.weight / heaviest)
        lines.append(f'<line x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}" stroke-width="{n(width)}"></line>')
    markers, labels = [], []
    template = gettext("%(name)s (%(sector)s): %(count)d ties")
    labels_of = {sector: sector_label(sector) for sector in SECTOR_STYLES}
    for node in nodes:
        x, y = places[node.key]
        colour, kind = SECTOR_STYLES.get(node.sector, SECTOR_STYLES[""])
        radius = 4 + 8 * math.sqrt(node.degree / most)
        tooltip = template % {
            "name": node.label,
            "sector": labels_of.get(node.sector) or sector_label(node.sector),
            "count": node.degree,
        }
        markers.append(f"<g><title>{escape(tooltip)}</title>{shape(kind, x, y, radius, colour)}</g>")
        if node.labelled:
            anchor = "end" if x > WIDTH - 160 else "start"
            offset = -(radius + 4) if anchor == "end" else radius + 4
            labels.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="{}" dominant-baseline="middle" '
                    'stroke="#fff" stroke-width="3" paint-order="stroke" fill="{}">{}</text>',
                    n(x + offset),
                    n(y),
                    anchor,
                    TEXT,
                    node.label if len(node.label) <= 40 else node.label[:39].rstrip() + "…",
                )
            )
    present = [s for s in [*Sector.values, ""] if any(n.sector == s for n in nodes)]
    body = format_html(
        '<g class="network-legend">{}</g><g class="network-ties" stroke="{}">{}</g>'
        '<g class="network-nodes">{}</g><g class="network-labels" font-size="13">{}</g>',
        _legend(present),
        GRID,
        mark_safe("".join(lines)),  # noqa: S308 - numbers only
        mark_safe("".join(markers)),  # noqa: S308 - numbers, colours and escaped tooltips
        mark_safe("".join(labels)),  # noqa: S308
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="network-picture" role="img" viewBox="0 0 {w} {h}" '
        'width="100%" preserveAspectRatio="xMidYMid meet" aria-labelledby="{id}-title {id}-desc" '
        'font-family="{font}" font-size="14" fill="{text}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        font=FONT_FAMILY,
        text=TEXT,
        title=title,
        desc=description,
        body=body,
    )
