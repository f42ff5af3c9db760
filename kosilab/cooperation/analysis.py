"""A network analysis as the pages show it, as plain data (ids, numbers, positions; no names), and the
fingerprint of the data it is computed from.

:func:`analyse` turns a scope into a JSON-able dict: the summary, each node with its measures and
its place in the picture, each edge, the network per quarter and, for the whole installation, a
summary per lab. It is what the Django cache (small networks, computed while the page waits) and
:class:`~kosilab.cooperation.models.NetworkAnalysis` (large ones, computed by a task) keep.
:func:`fingerprint` says in one query whether anything the analysis reads has changed since.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import networkx as nx
from django.db.models import DateTimeField, F, Func, IntegerField, Q, QuerySet, Subquery
from django.utils import timezone

from kosilab.actors.models import Organisation, Profile
from kosilab.challenges.models import Challenge, Participation
from kosilab.continuation.models import Handover
from kosilab.cooperation import measures
from kosilab.cooperation.ties import NodeRef, Scope, collect_ties, graph_from_ties, node_sectors
from kosilab.events.models import Event, Registration
from kosilab.labs.models import Lab
from kosilab.processes.models import Process, ProcessMember
from kosilab.results.models import Result, ResultFile

# Raised when what the analysis holds changes, so that no page reads an older shape.
VERSION = "2"
# A scope with more rows of source data than this is analysed in the background (see selectors).
INLINE_LIMIT = 30_000
# The picture shows at most this many nodes, the most central ones; only they are laid out (networkx
# lays out fewer than 500 nodes with dense numpy arrays and needs scipy above).
LAYOUT_NODES = 400
# Fruchterman–Reingold steps: 30 settle a network of a lab well and keep a lab's analysis under a
# second at scale 1 (docs/cooperation.md, "Cost").
LAYOUT_ITERATIONS = 30
# The edges an analysis keeps: the strongest for the table of ties, the strongest among the drawn
# nodes for the picture.
TABLE_EDGES = 500
DRAWN_EDGES = 2500

Progress = Callable[[int], None]


def scope_key(scope: Scope) -> str:
    """A short stable name of the scope, for cache keys and stored analyses."""
    parts = (
        VERSION,
        scope.lab_id,
        scope.start.isoformat() if scope.start else "",
        scope.end.isoformat() if scope.end else "",
        ",".join(sorted(scope.kinds)),
        scope.nodes,
        scope.public_only,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


# --- Fingerprint ------------------------------------------------------------------------------


def _aggregate(queryset: QuerySet[Any], function: str, field: str, *, date: bool = False) -> Subquery:
    output = DateTimeField() if date else IntegerField()
    value = Func(F(field), function=function, output_field=output)
    return Subquery(queryset.order_by().values(v=value)[:1], output_field=output)


def _in_lab(queryset: QuerySet[Any], path: str, lab_id: int | None) -> QuerySet[Any]:
    return queryset if lab_id is None else queryset.filter(**{path: lab_id})


def _sources(lab_id: int | None) -> dict[str, Subquery]:
    """COUNT and MAX(updated_at) (or MAX(id)) of every table the ties of ``lab_id`` are read from."""
    event_lab = Q() if lab_id is None else Q(lab_id=lab_id) | Q(organising_lab_id=lab_id)
    registration_lab = Q() if lab_id is None else Q(event__lab_id=lab_id) | Q(event__organising_lab_id=lab_id)
    tables: dict[str, QuerySet[Any]] = {
        "members": _in_lab(ProcessMember.objects.all(), "process__lab_id", lab_id),
        "processes": _in_lab(Process.objects.all(), "lab_id", lab_id),
        "participations": _in_lab(Participation.objects.all(), "challenge__lab_id", lab_id),
        "challenges": _in_lab(Challenge.objects.all(), "lab_id", lab_id),
        "registrations": Registration.objects.filter(registration_lab),
        "events": Event.objects.filter(event_lab),
        "results": _in_lab(Result.objects.all(), "lab_id", lab_id),
        "handovers": _in_lab(Handover.objects.all(), "result__lab_id", lab_id),
        "profiles": Profile.objects.all(),
        "organisations": Organisation.objects.all(),
        "labs": Lab.objects.all(),
    }
    columns: dict[str, Subquery] = {}
    for name, queryset in tables.items():
        columns[f"{name}_n"] = _aggregate(queryset, "COUNT", "pk")
        columns[f"{name}_at"] = _aggregate(queryset, "MAX", "updated_at", date=True)
    files = _in_lab(ResultFile.objects.all(), "result__lab_id", lab_id)
    columns["files_n"] = _aggregate(files, "COUNT", "pk")
    columns["files_top"] = _aggregate(files, "MAX", "pk")
    # Check-ins and the ends of events change ties without touching updated_at.
    registrations = tables["registrations"]
    columns["attended_at"] = _aggregate(registrations, "MAX", "attended_at", date=True)
    columns["ended_n"] = _aggregate(tables["events"].filter(ends_at__lt=timezone.now()), "COUNT", "pk")
    return columns


def source_state(scope: Scope) -> dict[str, Any]:
    """The counts and latest changes of the source data of ``scope``, in one query."""
    columns = _sources(scope.lab_id)
    labs = Lab.objects.order_by("pk")
    if scope.lab_id is not None:
        labs = labs.filter(pk=scope.lab_id)
    row = labs.annotate(**columns).values(*columns).first()
    return dict(row) if row else {}


def fingerprint(state: dict[str, Any]) -> str:
    text = repr(sorted((key, str(value)) for key, value in state.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def source_rows(state: dict[str, Any]) -> int:
    """How many rows the ties are read from: what decides whether to analyse in the background."""
    return sum(
        int(state.get(f"{name}_n") or 0) for name in ("members", "participations", "registrations", "handovers")
    ) + int(state.get("files_n") or 0)


# --- The analysis -----------------------------------------------------------------------------


def _node_key(node: NodeRef) -> str:
    return f"{node[0]}:{node[1]}"


def _summary(summary: measures.NetworkSummary) -> dict[str, Any]:
    return {
        "nodes": summary.nodes,
        "ties": summary.ties,
        "density": summary.density,
        "components": summary.components,
        "largest_component": summary.largest_component,
        "sector_counts": summary.sector_counts,
        "blau": summary.blau,
        "shannon": summary.shannon,
        "shannon_evenness": summary.shannon_evenness,
        "ei": summary.ei,
        "missing_bridges": [[b.first, b.second, b.present] for b in summary.missing_bridges],
    }


def layout(graph: nx.Graph[Any]) -> dict[NodeRef, tuple[float, float]]:
    """Positions of the nodes in the unit square: a force-directed layout with a fixed seed (the same
    network always looks the same), strong ties pulling closer. At most LAYOUT_NODES nodes."""
    if graph.number_of_nodes() > LAYOUT_NODES:
        raise ValueError(f"lay out at most {LAYOUT_NODES} nodes, not {graph.number_of_nodes()}")
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() == 1:
        return dict.fromkeys(graph.nodes, (0.5, 0.5))
    raw = nx.spring_layout(graph, seed=7, weight="weight", iterations=LAYOUT_ITERATIONS)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    width, height = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {node: ((float(p[0]) - min(xs)) / width, (float(p[1]) - min(ys)) / height) for node, p in raw.items()}


def _edge(a: NodeRef, b: NodeRef, data: dict[str, Any]) -> dict[str, Any]:
    source, target = sorted((_node_key(a), _node_key(b)))
    return {
        "source": source,
        "target": target,
        "weight": data["weight"],
        "kinds": list(data["kinds"]),
        "contexts": data["contexts"],
        "since": data["since"].isoformat(),
    }


def _coordinate(position: tuple[float, float] | None, index: int) -> float | None:
    return None if position is None else round(position[index], 4)


def analyse(scope: Scope, progress: Progress | None = None) -> dict[str, Any]:
    """The whole analysis of ``scope`` as JSON-able data; ``progress`` hears the percentage done."""

    def step(percent: int) -> None:
        if progress is not None:
            progress(percent)

    ties = collect_ties(scope)
    step(20)
    nodes = {tie.source for tie in ties} | {tie.target for tie in ties}
    sectors = node_sectors(nodes)
    graph = graph_from_ties(ties, sectors)
    summary = measures.summarise(graph)
    step(30)
    per_node = measures.node_measures(graph)
    step(60)
    drawn = [m.node for m in per_node[:LAYOUT_NODES]]
    positions: dict[NodeRef, tuple[float, float] | None] = dict.fromkeys(graph.nodes)
    positions.update(layout(graph.subgraph(drawn)))
    step(75)
    by_weight = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], _node_key(e[0]), _node_key(e[1])))
    strongest = [(a, b, data) for a, b, data in by_weight]
    drawn_set = set(drawn)
    drawn_edges = [(a, b, data) for a, b, data in by_weight if a in drawn_set and b in drawn_set]
    quarters = measures.by_quarter(ties, sectors, last=timezone.localdate())
    step(90)
    per_lab = measures.by_lab(ties, sectors) if scope.lab_id is None else {}
    step(100)
    return {
        "version": VERSION,
        "computed_at": timezone.now().isoformat(),
        "summary": _summary(summary),
        "nodes": [
            {
                "key": _node_key(m.node),
                "kind": m.node[0],
                "id": m.node[1],
                "sector": m.sector,
                "x": _coordinate(positions[m.node], 0),
                "y": _coordinate(positions[m.node], 1),
                "degree": m.degree,
                "strength": m.strength,
                "degree_centrality": m.degree_centrality,
                "betweenness": m.betweenness,
                "roles": m.roles,
            }
            for m in per_node
        ],
        # Not every edge: the strongest for the table, and the strongest among the drawn nodes for
        # the picture (the installation has some 150,000 at scale 1).
        "edges": [_edge(a, b, data) for a, b, data in strongest[:TABLE_EDGES]],
        "drawn_edges": [_edge(a, b, data) for a, b, data in drawn_edges[:DRAWN_EDGES]],
        "quarters": [
            {
                "label": point.label,
                "year": point.year,
                "quarter": point.quarter,
                "end": measures.quarter_end(point.year, point.quarter).isoformat(),
                "new_ties": point.new_ties,
                "nodes": point.summary.nodes,
                "ties": point.summary.ties,
                "density": point.summary.density,
                "blau": point.summary.blau,
                "ei": point.summary.ei,
                "components": point.summary.components,
            }
            for point in quarters
        ],
        "labs": {str(lab_id): _summary(lab_summary) for lab_id, lab_summary in per_lab.items()},
    }
