"""An analysis (kosilab/cooperation/analysis.py) as the network pages show it: names, the picture,
the charts per quarter and the rows of the tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from kosilab.cooperation.analysis import TABLE_EDGES
from kosilab.cooperation.measures import ROLES, SECTORS
from kosilab.cooperation.selectors import NodeName
from kosilab.cooperation.svg import LABELLED, MOST_EDGES, MOST_NODES, DrawnEdge, DrawnNode, network_svg, sector_label
from kosilab.cooperation.ties import PERSON, TieKind
from kosilab.core.charts import bar_chart, line_chart

# The ties table lists the strongest ties up to this many (the picture draws up to MOST_EDGES).
MOST_TIE_ROWS = TABLE_EDGES
BROKERS = 10


def role_labels() -> dict[str, str]:
    return {
        "coordinator": gettext("Coordinator"),
        "gatekeeper_representative": gettext("Gatekeeper or representative"),
        "consultant": gettext("Consultant"),
        "liaison": gettext("Liaison"),
    }


def percent(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


@dataclass(frozen=True)
class NodeRow:
    key: str
    name: NodeName
    sector: str
    degree: int
    strength: int
    betweenness: int  # percent
    roles: list[int]
    brokerage: int


@dataclass(frozen=True)
class TieRow:
    source: NodeName
    target: NodeName
    kinds: list[str]
    weight: int
    contexts: int
    since: dt.date


def node_rows(payload: dict[str, Any], names: dict[str, NodeName]) -> list[NodeRow]:
    rows = []
    for node in payload["nodes"]:
        roles = [int(node["roles"].get(role, 0)) for role in ROLES]
        rows.append(
            NodeRow(
                key=node["key"],
                name=names[node["key"]],
                sector=sector_label(node["sector"]),
                degree=node["degree"],
                strength=node["strength"],
                betweenness=round(float(node["betweenness"]) * 100),
                roles=roles,
                brokerage=sum(roles),
            )
        )
    return rows


def tie_rows(payload: dict[str, Any], names: dict[str, NodeName]) -> list[TieRow]:
    kinds = dict(TieKind.choices)
    return [
        TieRow(
            source=names[edge["source"]],
            target=names[edge["target"]],
            kinds=[str(kinds.get(kind, kind)) for kind in edge["kinds"]],
            weight=edge["weight"],
            contexts=edge["contexts"],
            since=dt.date.fromisoformat(edge["since"]),
        )
        for edge in payload["edges"][:MOST_TIE_ROWS]
    ]


def picture(payload: dict[str, Any], names: dict[str, NodeName], *, title: str) -> SafeString:
    """The network picture: the most central nodes (all, up to MOST_NODES) and the strongest ties
    among them; the most central ones labelled."""
    shown = payload["nodes"][:MOST_NODES]
    keys = {node["key"] for node in shown}
    labelled = {node["key"] for node in shown[:LABELLED] if node["degree"] > 0}
    drawn_nodes = [
        DrawnNode(
            key=node["key"],
            label=names[node["key"]].label,
            sector=node["sector"],
            x=float(node["x"]),
            y=float(node["y"]),
            degree=int(node["degree"]),
            labelled=node["key"] in labelled,
        )
        for node in shown
    ]
    edges = [e for e in payload["drawn_edges"] if e["source"] in keys and e["target"] in keys][:MOST_EDGES]
    drawn_edges = [DrawnEdge(e["source"], e["target"], int(e["weight"])) for e in edges]
    return network_svg(drawn_nodes, drawn_edges, title=title, description=describe(payload, len(shown), len(edges)))


def describe(payload: dict[str, Any], drawn_nodes: int, drawn_edges: int) -> str:
    summary = payload["summary"]
    people = bool(payload["nodes"]) and payload["nodes"][0]["kind"] == PERSON
    if people:
        size = ngettext("%(count)d person", "%(count)d people", summary["nodes"]) % {"count": summary["nodes"]}
    else:
        size = ngettext("%(count)d organisation", "%(count)d organisations", summary["nodes"]) % {
            "count": summary["nodes"]
        }
    ties = ngettext("%(count)d tie", "%(count)d ties", summary["ties"]) % {"count": summary["ties"]}
    sectors = "; ".join(f"{sector_label(sector)}: {summary['sector_counts'].get(sector, 0)}" for sector in SECTORS)
    parts = [
        gettext("A network of %(size)s with %(ties)s.") % {"size": size, "ties": ties},
        gettext("By sector: %(sectors)s.") % {"sectors": sectors},
    ]
    if drawn_nodes < summary["nodes"] or drawn_edges < summary["ties"]:
        parts.append(
            gettext("The picture shows the %(nodes)d most central nodes and the %(edges)d strongest ties among them.")
            % {"nodes": drawn_nodes, "edges": drawn_edges}
        )
    parts.append(gettext("The tables below the picture list the nodes and ties."))
    return " ".join(parts)


def sector_chart(payload: dict[str, Any]) -> SafeString:
    counts = payload["summary"]["sector_counts"]
    return bar_chart(
        [(sector_label(sector), counts.get(sector, 0)) for sector in SECTORS],
        title=gettext("Nodes by sector"),
        label_width=260,
    )


def quarter_charts(payload: dict[str, Any]) -> list[SafeString]:
    """Two charts over the quarters: the size of the network, and its mix and openness in percent."""
    points = payload["quarters"]
    if len(points) < 2:
        return []
    ends = [dt.date.fromisoformat(p["end"]) for p in points]
    size = line_chart(
        [
            (gettext("Nodes"), [(day, p["nodes"]) for day, p in zip(ends, points, strict=True)]),
            (gettext("Ties"), [(day, p["ties"]) for day, p in zip(ends, points, strict=True)]),
        ],
        title=gettext("Size of the network at the end of each quarter"),
    )
    across = [(day, across_share(p["ei"])) for day, p in zip(ends, points, strict=True) if p["ei"] is not None]
    series = [
        (gettext("Sector mix (Blau index)"), [(d, round(p["blau"] * 100)) for d, p in zip(ends, points, strict=True)])
    ]
    if across:
        series.append((gettext("Ties across sectors"), [(d, v) for d, v in across if v is not None]))
    mix = line_chart(
        series,
        unit="%",
        title=gettext("Sector mix and ties across sectors at the end of each quarter, in percent"),
    )
    return [size, mix]


def across_share(ei: float | None) -> int | None:
    """The E-I index as the share of ties across sectors in percent: E / (E + I) = (EI + 1) / 2."""
    return None if ei is None else round((ei + 1) * 50)


def quarter_rows(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "label": p["label"],
            "new_ties": p["new_ties"],
            "nodes": p["nodes"],
            "ties": p["ties"],
            "blau": percent(p["blau"]),
            "across": across_share(p["ei"]),
            "components": p["components"],
        }
        for p in payload["quarters"]
    ]


def bridges(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"first": sector_label(first), "second": sector_label(second), "present": present}
        for first, second, present in payload["summary"]["missing_bridges"]
    ]


def figures(payload: dict[str, Any]) -> dict[str, Any]:
    summary = payload["summary"]
    return {
        "nodes": summary["nodes"],
        "ties": summary["ties"],
        "density": percent(summary["density"]),
        "components": summary["components"],
        "largest_component": summary["largest_component"],
        "blau": percent(summary["blau"]),
        "shannon": round(summary["shannon"], 2),
        "evenness": percent(summary["shannon_evenness"]),
        "ei": None if summary["ei"] is None else round(summary["ei"], 2),
        "across": across_share(summary["ei"]),
    }
