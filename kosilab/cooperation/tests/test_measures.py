"""The measures on small networks whose answers are worked out by hand in each test."""

from __future__ import annotations

import math
from datetime import date

import networkx as nx
import pytest

from kosilab.cooperation import measures
from kosilab.cooperation.measures import MissingBridge
from kosilab.cooperation.ties import Tie

PUB, BUS, CIV, SCI = "public", "business", "civil_society", "science"


def network(sectors: dict[str, str], edges: list[tuple[str, str]]) -> nx.Graph:
    graph = nx.Graph()
    for node, sector in sectors.items():
        graph.add_node(node, sector=sector)
    graph.add_edges_from(edges, weight=1)
    return graph


@pytest.fixture
def star():
    # B (public) in the middle; A and C business, D public, E science; only B is tied to anyone.
    return network({"A": BUS, "B": PUB, "C": BUS, "D": PUB, "E": SCI}, [("B", "A"), ("B", "C"), ("B", "D"), ("B", "E")])


def test_brokerage_roles_of_the_star(star):
    roles = measures.brokerage_roles(star)

    # Six open triads through B: A–C (both business, B public): consultant; A–D, C–D (B shares its
    # sector with D only) and D–E: gatekeeper/representative; A–E and C–E (three sectors): liaison.
    assert roles["B"] == {"coordinator": 0, "gatekeeper_representative": 3, "consultant": 1, "liaison": 2}
    assert roles["A"] == dict.fromkeys(measures.ROLES, 0)


def test_a_closed_triad_is_not_brokerage(star):
    star.add_edge("A", "C")

    assert measures.brokerage_roles(star)["B"]["consultant"] == 0


def test_a_coordinator_brokers_within_its_own_sector():
    graph = network({"A": PUB, "B": PUB, "C": PUB, "X": ""}, [("A", "B"), ("B", "C"), ("B", "X")])

    # A–C: coordinator; the triads with X (sector unknown) are not counted.
    assert measures.brokerage_roles(graph)["B"] == {
        "coordinator": 1,
        "gatekeeper_representative": 0,
        "consultant": 0,
        "liaison": 0,
    }


def test_ei_index_density_and_components(star):
    # Ties B–A, B–C, B–E cross sectors (E = 3), B–D stays within (I = 1): (3 − 1) / (3 + 1).
    assert measures.ei_index(star) == 0.5
    summary = measures.summarise(star)
    assert summary.nodes == 5
    assert summary.ties == 4
    assert summary.density == pytest.approx(4 / 10)  # 4 of 5·4/2 possible pairs
    assert summary.components == 1
    assert summary.largest_component == 5

    star.add_edge("F", "G")
    star.nodes["F"]["sector"] = star.nodes["G"]["sector"] = CIV
    assert measures.summarise(star).components == 2
    assert measures.ei_index(star) == pytest.approx((3 - 2) / 5)


def test_ei_index_of_a_network_without_ties_is_none():
    assert measures.ei_index(network({"A": PUB}, [])) is None


def test_sector_mix_blau_and_shannon(star):
    summary = measures.summarise(star)

    # Two public, two business, one science of five: Blau 1 − (0.4² + 0.4² + 0.2²) = 0.64,
    # normalised by its maximum 3/4 for four sectors.
    assert summary.sector_counts == {PUB: 2, BUS: 2, CIV: 0, SCI: 1}
    assert summary.blau == pytest.approx(0.64 / 0.75)
    expected = -(2 * 0.4 * math.log(0.4) + 0.2 * math.log(0.2))
    assert summary.shannon == pytest.approx(expected)
    assert summary.shannon_evenness == pytest.approx(expected / math.log(4))


def test_shannon_of_one_sector_is_zero_and_of_an_even_spread_is_its_maximum():
    assert measures.shannon_index([5, 0, 0, 0]) == 0.0
    assert measures.shannon_evenness([3, 3, 3, 3]) == pytest.approx(1.0)
    assert measures.shannon_index([]) == 0.0


def test_missing_bridges(star):
    # Tied: public–business, public–science. Business–science is missing though both are there;
    # civil society is missing from the network altogether.
    assert measures.missing_bridges(star) == [
        MissingBridge(PUB, CIV, present=False),
        MissingBridge(BUS, CIV, present=False),
        MissingBridge(BUS, SCI, present=True),
        MissingBridge(CIV, SCI, present=False),
    ]


def test_centrality_of_the_star(star):
    by_node = {m.node: m for m in measures.node_measures(star)}

    # B lies on the only path between each of the 6 pairs of the others: 6 / (4·3/2) = 1.
    assert by_node["B"].betweenness == pytest.approx(1.0)
    assert by_node["B"].degree_centrality == pytest.approx(1.0)  # tied to 4 of 4 others
    assert by_node["A"].betweenness == 0.0
    assert by_node["A"].degree_centrality == pytest.approx(0.25)
    assert by_node["B"].strength == 4
    assert by_node["B"].brokerage == 6
    assert measures.node_measures(star)[0].node == "B"


def tie(a: int, b: int, on: date, lab: int = 1, kind: str = "team") -> Tie:
    return Tie(kind, ("organisation", a), ("organisation", b), lab, on, f"process:{a}{b}")


def test_by_quarter_counts_the_network_as_it_grew():
    sectors = {("organisation", 1): PUB, ("organisation", 2): BUS, ("organisation", 3): BUS}
    ties = [tie(1, 2, date(2024, 2, 10)), tie(2, 3, date(2024, 8, 1))]

    points = measures.by_quarter(ties, sectors)

    assert [p.label for p in points] == ["2024 Q1", "2024 Q2", "2024 Q3"]
    assert [p.new_ties for p in points] == [1, 0, 1]
    assert [p.summary.ties for p in points] == [1, 1, 2]
    assert [p.summary.ei for p in points] == [1.0, 1.0, 0.0]  # 2–3 is a tie within business
    assert measures.by_quarter(ties, sectors, at_most=2)[0].label == "2024 Q2"
    assert measures.by_quarter([], sectors) == []


def test_quarters():
    assert measures.quarter_end(2024, 1) == date(2024, 3, 31)
    assert measures.quarter_end(2024, 4) == date(2024, 12, 31)
    assert measures.quarters_between(date(2023, 11, 5), date(2024, 4, 1)) == [(2023, 4), (2024, 1), (2024, 2)]


def test_by_lab_splits_an_installation_wide_collection():
    sectors = {("organisation", 1): PUB, ("organisation", 2): BUS, ("organisation", 3): BUS}
    ties = [tie(1, 2, date(2024, 2, 10), lab=1), tie(2, 3, date(2024, 8, 1), lab=2), tie(1, 3, date(2024, 8, 1), lab=2)]

    per_lab = measures.by_lab(ties, sectors)

    assert per_lab[1].nodes == 2 and per_lab[1].ties == 1
    assert per_lab[2].nodes == 3 and per_lab[2].ties == 2


def test_the_growing_network_agrees_with_the_summary_of_the_whole_graph():
    import random

    from kosilab.cooperation.ties import graph_from_ties

    rng = random.Random(3)
    sectors = {("organisation", n): rng.choice([PUB, BUS, CIV, SCI, ""]) for n in range(40)}
    ties = [
        tie(
            *sorted(rng.sample(range(40), 2)),
            date(2023, rng.randint(1, 12), rng.randint(1, 28)),
            kind=rng.choice(["team", "event"]),
        )
        for _ in range(70)
    ]

    last = measures.by_quarter(ties, sectors, last=date(2023, 12, 31))[-1].summary
    whole = measures.summarise(graph_from_ties(ties, sectors))

    assert last == whole


def test_brokerage_agrees_with_counting_every_open_triad():
    import random
    from itertools import combinations

    rng = random.Random(5)
    graph = nx.gnp_random_graph(30, 0.2, seed=5)
    for node in graph.nodes:
        graph.nodes[node]["sector"] = rng.choice([PUB, BUS, CIV, SCI, ""])

    expected = {node: dict.fromkeys(measures.ROLES, 0) for node in graph.nodes}
    for b in graph.nodes:
        own = graph.nodes[b]["sector"]
        for a, c in combinations(graph.adj[b], 2):
            sa, sc = graph.nodes[a]["sector"], graph.nodes[c]["sector"]
            if own and sa and sc and not graph.has_edge(a, c):
                expected[b][measures._role(sa, own, sc)] += 1

    assert measures.brokerage_roles(graph) == expected
