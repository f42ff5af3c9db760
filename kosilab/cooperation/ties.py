"""Ties of cooperation, read from what the platform already records (docs/cooperation.md).

Five kinds of shared context tie two people, and through them their organisations:

- ``team``: two members of one process team (the organisation named on the membership, else the
  one on the person's profile); dated when the later of the two joined, not before the process
  started;
- ``challenge``: two people who joined or showed interest in one challenge (the organisation
  "on behalf of", else the profile's); dated when the later of the two signed up;
- ``event``: two people with an account at one published event of a lab, checked in, or
  confirmed for an event that has ended (the profile's organisation); dated on the event's day;
- ``handover``: the organisation that took a result over and each organisation of that result's
  process team (organisations only: a handover is between organisations); dated on the decision,
  else when it was recorded;
- ``result``: the author of a result and the people who uploaded its files (the profile's
  organisation); dated when the later of the two contributed.

A tie is one pair of nodes in one shared context: two people of organisation A and three of
organisation B in one team give a single tie A–B for that team. Ties within one organisation (or
of a person with themselves) are left out. :func:`build_graph` adds the ties of a pair up into one
weighted edge, each tie counting :data:`WEIGHTS` of its kind.

This module holds ids only, no names: names are added where the network is shown, under the
privacy rules of that page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations
from typing import Any

import networkx as nx
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosilab.actors.models import Organisation, Profile
from kosilab.challenges.models import Participation
from kosilab.challenges.policies import challenge_policy
from kosilab.continuation.models import Handover
from kosilab.continuation.policies import handover_policy
from kosilab.core.visibility import under
from kosilab.events.models import EventStatus, Registration, RegistrationStatus
from kosilab.events.policies import event_policy
from kosilab.processes.models import ProcessMember
from kosilab.processes.policies import process_policy
from kosilab.results.models import Result, ResultFile
from kosilab.results.policies import result_policy


class TieKind(models.TextChoices):
    TEAM = "team", _("Same process team")
    CHALLENGE = "challenge", _("Same challenge")
    EVENT = "event", _("Same event")
    HANDOVER = "handover", _("Handover of a result")
    RESULT = "result", _("Same result")


# How much one shared context of each kind counts in an edge's weight: working in one team or on
# one result for months weighs more than a handover, which weighs more than meeting at one event or
# signing up for one challenge.
WEIGHTS: dict[str, int] = {
    TieKind.TEAM: 3,
    TieKind.RESULT: 3,
    TieKind.HANDOVER: 2,
    TieKind.CHALLENGE: 1,
    TieKind.EVENT: 1,
}

ORGANISATION = "organisation"
PERSON = "person"
NODE_KINDS = (ORGANISATION, PERSON)

NodeRef = tuple[str, int]  # ("organisation", pk) or ("person", user pk)

ALL_KINDS: frozenset[str] = frozenset(TieKind.values)


@dataclass(frozen=True)
class Scope:
    """Which ties to collect: of one lab (None: all labs), within a time window (both ends
    included, None: open), of some kinds, between organisations or people.

    ``public_only`` counts only what everybody may see (public labs, processes, challenges,
    results, published events): the network shown to the public. Without it everything counts, as
    the lab's team and platform admins see it.
    """

    lab_id: int | None = None
    start: date | None = None
    end: date | None = None
    kinds: frozenset[str] = field(default=ALL_KINDS)
    nodes: str = ORGANISATION
    public_only: bool = False

    def __post_init__(self) -> None:
        if self.nodes not in NODE_KINDS:
            raise ValueError(f"nodes must be one of {NODE_KINDS}, not {self.nodes!r}")
        unknown = set(self.kinds) - ALL_KINDS
        if unknown:
            raise ValueError(f"unknown kinds of tie: {sorted(unknown)}")

    def covers(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True, order=True)
class Tie:
    """One tie: two nodes (``source`` < ``target``) sharing one context (``"process:12"``)."""

    kind: str
    source: NodeRef
    target: NodeRef
    lab_id: int
    on: date
    context: str


@dataclass(frozen=True)
class _Contribution:
    """One person's part in one context, as read from the database."""

    context: str
    lab_id: int | None
    user_id: int
    organisation_id: int | None
    on: date


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _profile_organisation(path: str) -> F:
    return F(f"{path}__profile__organisation_id")


def _team_rows(scope: Scope) -> Iterator[_Contribution]:
    members = ProcessMember.objects.all()
    if scope.public_only:
        members = members.filter(under("process", process_policy.public_q()))
    if scope.lab_id is not None:
        members = members.filter(process__lab_id=scope.lab_id)
    rows = members.values_list(
        "process_id",
        "process__lab_id",
        "user_id",
        Coalesce("organisation_id", _profile_organisation("user")),
        "created_at",
        "process__started_on",
    )
    for process_id, lab_id, user_id, organisation_id, joined, started in rows:
        on = max(d for d in (_day(joined), started) if d is not None)
        yield _Contribution(f"process:{process_id}", lab_id, user_id, organisation_id, on)


def _challenge_rows(scope: Scope) -> Iterator[_Contribution]:
    participations = Participation.objects.all()
    if scope.public_only:
        participations = participations.filter(under("challenge", challenge_policy.public_q()))
    if scope.lab_id is not None:
        participations = participations.filter(challenge__lab_id=scope.lab_id)
    rows = participations.values_list(
        "challenge_id",
        "challenge__lab_id",
        "user_id",
        Coalesce("organisation_id", _profile_organisation("user")),
        "created_at",
    )
    for challenge_id, lab_id, user_id, organisation_id, joined in rows:
        yield _Contribution(f"challenge:{challenge_id}", lab_id, user_id, organisation_id, _day(joined) or date.min)


def _event_rows(scope: Scope) -> Iterator[_Contribution]:
    """People with an account who were there: checked in, or confirmed for an event that has ended.
    A network event counts for the lab that organised it."""
    registrations = Registration.objects.filter(user__isnull=False, event__status=EventStatus.PUBLISHED).filter(
        Q(attended_at__isnull=False) | Q(status=RegistrationStatus.CONFIRMED, event__ends_at__lt=timezone.now())
    )
    if scope.public_only:
        registrations = registrations.filter(under("event", event_policy.public_q()))
    lab = Coalesce("event__lab_id", "event__organising_lab_id")
    registrations = registrations.annotate(tie_lab=lab)
    if scope.lab_id is not None:
        registrations = registrations.filter(tie_lab=scope.lab_id)
    rows = registrations.values_list(
        "event_id", "tie_lab", "user_id", _profile_organisation("user"), "event__starts_at"
    )
    for event_id, lab_id, user_id, organisation_id, starts in rows:
        yield _Contribution(f"event:{event_id}", lab_id, user_id, organisation_id, _day(starts) or date.min)


def _result_rows(scope: Scope) -> Iterator[_Contribution]:
    results = Result.objects.filter(created_by__isnull=False)
    files = ResultFile.objects.filter(uploaded_by__isnull=False)
    if scope.public_only:
        results = results.filter(result_policy.public_q())
        files = files.filter(under("result", result_policy.public_q()))
    if scope.lab_id is not None:
        results = results.filter(lab_id=scope.lab_id)
        files = files.filter(result__lab_id=scope.lab_id)
    authored = results.values_list("pk", "lab_id", "created_by_id", _profile_organisation("created_by"), "created_at")
    uploaded = files.values_list(
        "result_id", "result__lab_id", "uploaded_by_id", _profile_organisation("uploaded_by"), "uploaded_at"
    )
    for rows in (authored, uploaded):
        for result_id, lab_id, user_id, organisation_id, at in rows:
            yield _Contribution(f"result:{result_id}", lab_id, user_id, organisation_id, _day(at) or date.min)


def _node(scope: Scope, row: _Contribution) -> NodeRef | None:
    if scope.nodes == PERSON:
        return (PERSON, row.user_id)
    if row.organisation_id is None:
        return None
    return (ORGANISATION, row.organisation_id)


def _pair_ties(kind: str, scope: Scope, rows: Iterable[_Contribution]) -> list[Tie]:
    """One tie per pair of nodes in each context, dated when the later of the two came in (each
    node's earliest arrival in the context counts)."""
    arrivals: dict[str, dict[NodeRef, date]] = defaultdict(dict)
    labs: dict[str, int] = {}
    for row in rows:
        node = _node(scope, row)
        if node is None or row.lab_id is None:
            continue
        labs[row.context] = row.lab_id
        known = arrivals[row.context].get(node)
        if known is None or row.on < known:
            arrivals[row.context][node] = row.on
    ties = []
    for context, nodes in arrivals.items():
        for source, target in combinations(sorted(nodes), 2):
            on = max(nodes[source], nodes[target])
            if scope.covers(on):
                ties.append(Tie(kind, source, target, labs[context], on, context))
    return ties


def _handover_ties(scope: Scope) -> list[Tie]:
    """The taker organisation tied to each organisation of the result's process team."""
    if scope.nodes != ORGANISATION:
        return []
    handovers = Handover.objects.filter(taker_organisation__isnull=False)
    if scope.public_only:
        handovers = handovers.filter(handover_policy.public_q())
    if scope.lab_id is not None:
        handovers = handovers.filter(result__lab_id=scope.lab_id)
    rows = list(
        handovers.values_list(
            "pk", "result__lab_id", "result__process_id", "taker_organisation_id", "decision_on", "created_at"
        )
    )
    if not rows:
        return []
    team_organisations: dict[int, set[int]] = defaultdict(set)
    members = ProcessMember.objects.filter(process_id__in={row[2] for row in rows}).values_list(
        "process_id", Coalesce("organisation_id", _profile_organisation("user"))
    )
    for process_id, organisation_id in members:
        if organisation_id is not None:
            team_organisations[process_id].add(organisation_id)
    ties = []
    for handover_id, lab_id, process_id, taker_id, decided, created in rows:
        on = decided or _day(created) or date.min
        if not scope.covers(on):
            continue
        taker: NodeRef = (ORGANISATION, taker_id)
        for organisation_id in sorted(team_organisations[process_id] - {taker_id}):
            other: NodeRef = (ORGANISATION, organisation_id)
            source, target = sorted((taker, other))
            ties.append(Tie(TieKind.HANDOVER.value, source, target, lab_id, on, f"handover:{handover_id}"))
    return ties


def collect_ties(scope: Scope) -> list[Tie]:
    """The dated ties in ``scope``, one per pair of nodes and shared context, sorted.

    Asks one query per kind of tie (two for results and for handovers), whatever the amount of data.
    """
    readers = {
        TieKind.TEAM: _team_rows,
        TieKind.CHALLENGE: _challenge_rows,
        TieKind.EVENT: _event_rows,
        TieKind.RESULT: _result_rows,
    }
    ties: list[Tie] = []
    for kind in TieKind:
        if kind not in scope.kinds:
            continue
        if kind == TieKind.HANDOVER:
            ties.extend(_handover_ties(scope))
        else:
            ties.extend(_pair_ties(kind.value, scope, readers[kind](scope)))
    ties.sort()
    return ties


def node_sectors(refs: Iterable[NodeRef]) -> dict[NodeRef, str]:
    """The sector of each node: an organisation's own; a person's from their profile, else their
    profile's organisation; "" where unknown. At most two queries."""
    wanted = list(refs)
    sectors: dict[NodeRef, str] = dict.fromkeys(wanted, "")
    organisation_ids = [pk for kind, pk in wanted if kind == ORGANISATION]
    person_ids = [pk for kind, pk in wanted if kind == PERSON]
    if organisation_ids:
        for pk, sector in Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "sector"):
            sectors[(ORGANISATION, pk)] = sector
    if person_ids:
        profiles = Profile.objects.filter(user_id__in=person_ids).values_list(
            "user_id", "sector", "organisation__sector"
        )
        for user_id, sector, organisation_sector in profiles:
            sectors[(PERSON, user_id)] = sector or organisation_sector or ""
    return sectors


def graph_from_ties(ties: Iterable[Tie], sectors: dict[NodeRef, str] | None = None) -> nx.Graph[Any]:
    """The weighted graph of ``ties``: one edge per pair, its ``weight`` the sum of :data:`WEIGHTS`
    over its ties, ``kinds`` the sorted kinds it has, ``contexts`` how many contexts the two share,
    ``since`` the date of its first tie. Each node has the attribute ``sector`` ("" if unknown;
    looked up with :func:`node_sectors` when ``sectors`` is not given)."""
    ties = list(ties)
    graph: nx.Graph[Any] = nx.Graph()
    kinds: dict[tuple[NodeRef, NodeRef], set[str]] = defaultdict(set)
    for tie in ties:
        pair = (tie.source, tie.target)
        if graph.has_edge(*pair):
            data = graph.edges[pair]
            data["weight"] += WEIGHTS[tie.kind]
            data["contexts"] += 1
            data["since"] = min(data["since"], tie.on)
        else:
            graph.add_edge(*pair, weight=WEIGHTS[tie.kind], contexts=1, since=tie.on)
        kinds[pair].add(tie.kind)
    for pair, names in kinds.items():
        graph.edges[pair]["kinds"] = tuple(sorted(names))
    if sectors is None:
        sectors = node_sectors(graph.nodes)
    for node in graph.nodes:
        graph.nodes[node]["sector"] = sectors.get(node, "")
    return graph


def build_graph(scope: Scope) -> nx.Graph[Any]:
    """The weighted network of ``scope`` (see :func:`graph_from_ties`)."""
    return graph_from_ties(collect_ties(scope))
