"""Measures of a cooperation network (docs/cooperation.md explains each for a lab manager).

All functions take a graph as :mod:`kosilab.cooperation.ties` builds it (node attribute ``sector``,
edge attribute ``weight``) or its ties, and read no database.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from typing import Any

import networkx as nx

from kosilab.cooperation.ties import NodeRef, Tie, graph_from_ties
from kosilab.core.sectors import Sector, blau_index

SECTORS: tuple[str, ...] = tuple(Sector.values)

# Gould and Fernandez (1989), for an undirected network (see brokerage_roles).
COORDINATOR = "coordinator"
GATEKEEPER_REPRESENTATIVE = "gatekeeper_representative"
CONSULTANT = "consultant"
LIAISON = "liaison"
ROLES: tuple[str, ...] = (COORDINATOR, GATEKEEPER_REPRESENTATIVE, CONSULTANT, LIAISON)

# Above BETWEENNESS_EXACT nodes betweenness is estimated from BETWEENNESS_SAMPLE sources (a fixed
# seed: the same data gives the same numbers), so that a lab's network stays fast; below, it is exact.
BETWEENNESS_EXACT = 200
BETWEENNESS_SAMPLE = 50


# --- Sector mix -------------------------------------------------------------------------------


def sector_counts(graph: nx.Graph[Any]) -> dict[str, int]:
    """How many nodes of each of the four sectors (nodes of unknown sector are not counted)."""
    counts = Counter(data.get("sector", "") for _node, data in graph.nodes(data=True))
    return {sector: counts.get(sector, 0) for sector in SECTORS}


def shannon_index(counts: Iterable[int]) -> float:
    """Shannon's diversity ``H = -Σ pᵢ ln pᵢ`` over the categories, in nats (0 = one category)."""
    values = [n for n in counts if n > 0]
    total = sum(values)
    if total == 0:
        return 0.0
    return -sum((n / total) * math.log(n / total) for n in values)


def shannon_evenness(counts: Iterable[int]) -> float:
    """Shannon's index divided by its maximum ``ln K`` for K categories: 0..1 like Blau's index."""
    values = list(counts)
    if len(values) < 2:
        return 0.0
    return shannon_index(values) / math.log(len(values))


# --- Ties across sectors ----------------------------------------------------------------------


def ei_index(graph: nx.Graph[Any]) -> float | None:
    """Krackhardt and Stern's E-I index ``(E − I) / (E + I)``: E ties between different sectors, I
    ties within one. +1: every tie crosses sectors; −1: none does. Ties to a node of unknown sector
    are not counted; None when no tie is left."""
    external = internal = 0
    for a, b in graph.edges:
        sector_a, sector_b = graph.nodes[a].get("sector", ""), graph.nodes[b].get("sector", "")
        if not sector_a or not sector_b:
            continue
        if sector_a == sector_b:
            internal += 1
        else:
            external += 1
    if external + internal == 0:
        return None
    return (external - internal) / (external + internal)


def sector_ties(graph: nx.Graph[Any]) -> dict[tuple[str, str], int]:
    """How many ties between each pair of sectors (the pair sorted, a sector with itself included)."""
    counts: Counter[tuple[str, str]] = Counter()
    for a, b in graph.edges:
        sector_a, sector_b = graph.nodes[a].get("sector", ""), graph.nodes[b].get("sector", "")
        if sector_a and sector_b:
            counts[(min(sector_a, sector_b), max(sector_a, sector_b))] += 1
    return dict(counts)


@dataclass(frozen=True)
class MissingBridge:
    """Two sectors with no tie between them; ``present`` says whether both are in the network at
    all (then a bridge could be built between people already there)."""

    first: str
    second: str
    present: bool


def missing_bridges(graph: nx.Graph[Any]) -> list[MissingBridge]:
    """The pairs of the four sectors without any tie between them, in the order of the sectors."""
    ties = sector_ties(graph)
    counts = sector_counts(graph)
    missing = []
    for first, second in combinations(SECTORS, 2):
        if ties.get((min(first, second), max(first, second)), 0) == 0:
            missing.append(MissingBridge(first, second, present=counts[first] > 0 and counts[second] > 0))
    return missing


# --- Brokers ----------------------------------------------------------------------------------


def brokerage_roles(graph: nx.Graph[Any]) -> dict[NodeRef, dict[str, int]]:
    """Gould and Fernandez's brokerage roles of each node, counted over the open triads it is in the
    middle of: A – B – C with A and C not tied to each other, B the broker.

    By the sectors of A, B and C:

    - coordinator: all three in one sector (brokers inside their own sector);
    - consultant: A and C in one sector, B in another (brings outside help to a sector);
    - gatekeeper/representative: B shares its sector with one of A and C, not with the other (the
      door of its own sector to another one). The two roles differ only in the direction of the
      flow (in or out), which an undirected network of cooperation does not have, so they are
      counted together;
    - liaison: three different sectors (links two sectors neither of which is its own).

    Triads with a node of unknown sector are not counted. Every node is in the result, with zeros
    where it brokers nothing.
    """
    # Counted per broker without walking every pair of its neighbours: all pairs by the sectors of
    # the two (from how many neighbours each sector has), minus the closed pairs (the triangles).
    neighbours = {node: set(graph.adj[node]) for node in graph.nodes}
    sector_of = {node: graph.nodes[node].get("sector", "") for node in graph.nodes}
    roles: dict[NodeRef, dict[str, int]] = {}
    for broker, around in neighbours.items():
        counts = dict.fromkeys(ROLES, 0)
        roles[broker] = counts
        own = sector_of[broker]
        if not own:
            continue
        per_sector = Counter(sector_of[n] for n in around)
        per_sector.pop("", None)
        known = [(sector, n) for sector, n in per_sector.items()]
        for i, (sector_a, n_a) in enumerate(known):
            counts[_role(sector_a, own, sector_a)] += n_a * (n_a - 1) // 2
            for sector_c, n_c in known[i + 1 :]:
                counts[_role(sector_a, own, sector_c)] += n_a * n_c
        # Closed pairs: for each neighbour a, how many of the broker's neighbours of each sector it
        # is tied to (set intersections; each closed pair is seen once from each end).
        by_sector: dict[str, set[NodeRef]] = defaultdict(set)
        for node in around:
            if sector_of[node]:
                by_sector[sector_of[node]].add(node)
        seen: Counter[tuple[str, str]] = Counter()
        for a in around:
            if sector_of[a]:
                for sector_c, members in by_sector.items():
                    seen[(sector_of[a], sector_c)] += len(neighbours[a] & members)
        for (sector_a, sector_c), ordered in seen.items():
            if sector_a < sector_c:
                counts[_role(sector_a, own, sector_c)] -= (ordered + seen[(sector_c, sector_a)]) // 2
            elif sector_a == sector_c:
                counts[_role(sector_a, own, sector_c)] -= ordered // 2
    return roles


def _role(sector_a: str, sector_b: str, sector_c: str) -> str:
    if sector_a == sector_c:
        return COORDINATOR if sector_a == sector_b else CONSULTANT
    if sector_b in (sector_a, sector_c):
        return GATEKEEPER_REPRESENTATIVE
    return LIAISON


# --- Centrality -------------------------------------------------------------------------------


def betweenness(graph: nx.Graph[Any]) -> dict[NodeRef, float]:
    """Normalised betweenness of each node (the share of shortest paths between others that pass
    through it), over the unweighted network: a tie is a tie however strong. Estimated from a
    fixed sample of sources above :data:`BETWEENNESS_EXACT` nodes."""
    if graph.number_of_nodes() > BETWEENNESS_EXACT:
        result = nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLE, seed=7)
    else:
        result = nx.betweenness_centrality(graph)
    return {node: float(value) for node, value in result.items()}


@dataclass(frozen=True)
class NodeMeasures:
    node: NodeRef
    sector: str
    degree: int  # how many others it is tied to
    strength: int  # the sum of the weights of its ties
    degree_centrality: float  # degree / (n − 1)
    betweenness: float
    roles: dict[str, int]

    @property
    def brokerage(self) -> int:
        return sum(self.roles.values())


def node_measures(graph: nx.Graph[Any]) -> list[NodeMeasures]:
    """Measures of each node, the strongest brokers first (then by degree, then by node)."""
    degree_centrality = nx.degree_centrality(graph) if graph.number_of_nodes() > 1 else dict.fromkeys(graph.nodes, 0.0)
    between = betweenness(graph)
    roles = brokerage_roles(graph)
    measures = [
        NodeMeasures(
            node=node,
            sector=graph.nodes[node].get("sector", ""),
            degree=graph.degree(node),
            strength=int(graph.degree(node, weight="weight")),
            degree_centrality=float(degree_centrality.get(node, 0.0)),
            betweenness=between.get(node, 0.0),
            roles=roles[node],
        )
        for node in graph.nodes
    ]
    measures.sort(key=lambda m: (-m.betweenness, -m.brokerage, -m.degree, m.node))
    return measures


# --- The whole network ------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkSummary:
    nodes: int
    ties: int  # pairs tied (edges)
    density: float
    components: int
    largest_component: int
    sector_counts: dict[str, int]
    blau: float
    shannon: float
    shannon_evenness: float
    ei: float | None
    missing_bridges: list[MissingBridge] = field(default_factory=list)

    @property
    def blau_percent(self) -> int:
        return round(self.blau * 100)

    @property
    def density_percent(self) -> int:
        return round(self.density * 100)


def summarise(graph: nx.Graph[Any]) -> NetworkSummary:
    counts = sector_counts(graph)
    values = [counts[s] for s in SECTORS]
    components = [len(c) for c in nx.connected_components(graph)] if graph.number_of_nodes() else []
    return NetworkSummary(
        nodes=graph.number_of_nodes(),
        ties=graph.number_of_edges(),
        density=float(nx.density(graph)) if graph.number_of_nodes() > 1 else 0.0,
        components=len(components),
        largest_component=max(components, default=0),
        sector_counts=counts,
        blau=blau_index(values),
        shannon=shannon_index(values),
        shannon_evenness=shannon_evenness(values),
        ei=ei_index(graph),
        missing_bridges=missing_bridges(graph),
    )


# --- Over time --------------------------------------------------------------------------------


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def quarters_between(first: date, last: date) -> list[tuple[int, int]]:
    year, quarter = quarter_of(first)
    end = quarter_of(last)
    quarters = []
    while (year, quarter) <= end:
        quarters.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters


@dataclass(frozen=True)
class QuarterPoint:
    year: int
    quarter: int
    new_ties: int  # ties (one per pair and context) formed in this quarter
    summary: NetworkSummary  # the network as it stood at the end of the quarter

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"


class _Growing:
    """A network that grows tie by tie and keeps its summary figures up to date as it grows:
    sector counts, edges within and across sectors, sector pairs tied, and its connected groups
    (union–find). Summarising it at any moment costs no walk over the graph."""

    def __init__(self, sectors: dict[NodeRef, str]) -> None:
        self.sectors = sectors
        self.parent: dict[NodeRef, NodeRef] = {}
        self.size: dict[NodeRef, int] = {}
        self.groups = 0
        self.edges: set[tuple[NodeRef, NodeRef]] = set()
        self.counts: Counter[str] = Counter()
        self.internal = self.external = 0
        self.pairs: Counter[tuple[str, str]] = Counter()

    def _root(self, node: NodeRef) -> NodeRef:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def _add_node(self, node: NodeRef) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.size[node] = 1
            self.groups += 1
            self.counts[self.sectors.get(node, "")] += 1

    def add(self, a: NodeRef, b: NodeRef) -> None:
        pair = (min(a, b), max(a, b))
        if pair in self.edges:
            return
        self._add_node(a)
        self._add_node(b)
        self.edges.add(pair)
        sector_a, sector_b = self.sectors.get(a, ""), self.sectors.get(b, "")
        if sector_a and sector_b:
            if sector_a == sector_b:
                self.internal += 1
            else:
                self.external += 1
            self.pairs[(min(sector_a, sector_b), max(sector_a, sector_b))] += 1
        root_a, root_b = self._root(a), self._root(b)
        if root_a != root_b:
            if self.size[root_a] < self.size[root_b]:
                root_a, root_b = root_b, root_a
            self.parent[root_b] = root_a
            self.size[root_a] += self.size[root_b]
            self.groups -= 1

    def summary(self) -> NetworkSummary:
        nodes = len(self.parent)
        values = [self.counts.get(sector, 0) for sector in SECTORS]
        counts = dict(zip(SECTORS, values, strict=True))
        bridges = [
            MissingBridge(first, second, present=counts[first] > 0 and counts[second] > 0)
            for first, second in combinations(SECTORS, 2)
            if self.pairs.get((min(first, second), max(first, second)), 0) == 0
        ]
        tied = self.internal + self.external
        return NetworkSummary(
            nodes=nodes,
            ties=len(self.edges),
            density=2 * len(self.edges) / (nodes * (nodes - 1)) if nodes > 1 else 0.0,
            components=self.groups,
            largest_component=max((self.size[n] for n in self.parent if self.parent[n] == n), default=0),
            sector_counts=counts,
            blau=blau_index(values),
            shannon=shannon_index(values),
            shannon_evenness=shannon_evenness(values),
            ei=(self.external - self.internal) / tied if tied else None,
            missing_bridges=bridges,
        )


def by_quarter(
    ties: Sequence[Tie], sectors: dict[NodeRef, str], *, last: date | None = None, at_most: int = 20
) -> list[QuarterPoint]:
    """The network at the end of each quarter, from the quarter of the first tie (at most the last
    ``at_most`` quarters up to ``last``, default the last tie's): each point counts every tie formed
    up to then, so it shows how the network grew. One pass over the ties."""
    if not ties:
        return []
    ordered = sorted(ties, key=lambda t: t.on)
    quarters = quarters_between(ordered[0].on, last or ordered[-1].on)[-at_most:]
    new: dict[tuple[int, int], int] = defaultdict(int)
    for tie in ordered:
        new[quarter_of(tie.on)] += 1
    network = _Growing(sectors)
    points = []
    index = 0
    for year, quarter in quarters:
        end = quarter_end(year, quarter)
        while index < len(ordered) and ordered[index].on <= end:
            network.add(ordered[index].source, ordered[index].target)
            index += 1
        points.append(QuarterPoint(year, quarter, new[(year, quarter)], network.summary()))
    return points


def by_lab(ties: Iterable[Tie], sectors: dict[NodeRef, str]) -> dict[int, NetworkSummary]:
    """The summary of each lab's own network, from the ties of an installation-wide collection."""
    per_lab: dict[int, list[Tie]] = defaultdict(list)
    for tie in ties:
        per_lab[tie.lab_id].append(tie)
    return {lab_id: summarise(graph_from_ties(lab_ties, sectors)) for lab_id, lab_ties in per_lab.items()}
