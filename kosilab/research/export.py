"""Builds the research export: a zip with one CSV per table (codebook_schema.py), the cooperation
networks as GraphML and the codebook, from the data of one lab or of the whole installation.

Who may export and the audit entry: services.py. What leaves the platform, and what does not:

- people and organisations only as keyed pseudonyms (pseudonyms.py), never a name, an e-mail
  address or a database id of a person or organisation;
- titles the labs wrote (processes, events, phases, indicators) with names of people and
  organisations and e-mail addresses replaced (scrub.py); descriptions, summaries and notes only
  when the exporter chose free text, and scrubbed the same way; never what a person wrote (bios,
  comments, ideas, messages, feedback, answers, process logs);
- counts of people below k suppressed (suppression.py).

Every table is read with one or two queries, whatever the amount of data (tests pin the number).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import networkx as nx
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from kosilab.accounts.models import User
from kosilab.actors.models import Organisation
from kosilab.challenges.models import Participation
from kosilab.cooperation.ties import (
    ORGANISATION,
    PERSON,
    NodeRef,
    Scope,
    Tie,
    collect_ties,
    graph_from_ties,
    node_sectors,
)
from kosilab.core.exports import FORMULA_PREFIXES, safe_cell
from kosilab.events.models import Event, Registration, RegistrationStatus
from kosilab.events.policies import SHOWN_STATUSES
from kosilab.impact.models import Indicator, Measurement
from kosilab.labs.models import Lab
from kosilab.processes.models import Process, ProcessMember, ProcessPhase
from kosilab.research import codebook, suppression
from kosilab.research.codebook_schema import (
    EVENTS,
    INDICATORS,
    LABS,
    MEASUREMENTS,
    PARTICIPATION,
    PHASES,
    PROCESSES,
    TABLES,
    TEAMS,
    TIES,
    Table,
)
from kosilab.research.pseudonyms import Pseudonymiser
from kosilab.research.scrub import Scrubber

NETWORKS = {ORGANISATION: "network.graphml", PERSON: "network_people.graphml"}
SECTORS = ("public", "business", "civil_society", "science")


@dataclass(frozen=True)
class ExportOptions:
    """What to export: one lab (None: the whole installation), a time window (both ends included,
    None: open), free text or not, pseudonyms stable across exports or not."""

    lab: Lab | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    free_text: bool = False
    stable_pseudonyms: bool = False


@dataclass
class ExportFile:
    content: bytes
    filename: str
    rows: dict[str, int] = field(default_factory=dict)


def _day(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value.isoformat()


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _in_window(queryset: QuerySet[Any], lookup: str, options: ExportOptions) -> QuerySet[Any]:
    if options.start is not None:
        queryset = queryset.filter(**{f"{lookup}__gte": options.start})
    if options.end is not None:
        queryset = queryset.filter(**{f"{lookup}__lte": options.end})
    return queryset


class _Builder:
    def __init__(self, options: ExportOptions, *, key: bytes | None) -> None:
        self.options = options
        self.k = suppression.min_group()
        self.pseudonym = Pseudonymiser(key=key, stable=options.stable_pseudonyms)
        self.now = timezone.now()
        labs = Lab.objects.all() if options.lab is None else Lab.objects.filter(pk=options.lab.pk)
        self.labs = list(labs.order_by("slug").values("pk", "slug", "name", "city", "is_public", "founded"))
        self.lab_slugs = {row["pk"]: row["slug"] for row in self.labs}
        self.lab_ids = list(self.lab_slugs)
        self.scrub = Scrubber(person_names=self._person_names(), organisation_names=self._organisation_names())
        self.tables: dict[str, list[list[Any]]] = {}
        # The sector each person pseudonym was seen with, for the k-rule on people's sectors.
        self.person_sectors: dict[str, set[str]] = defaultdict(set)

    # --- names to scrub -----------------------------------------------------------------------------

    def _person_names(self) -> Iterable[str]:
        yield from User.objects.exclude(name="").values_list("name", flat=True)
        yield from Registration.objects.exclude(name="").values_list("name", flat=True).distinct()
        yield from Lab.objects.exclude(contact_name="").values_list("contact_name", flat=True)

    def _organisation_names(self) -> Iterable[str]:
        return Organisation.objects.values_list("name", flat=True)

    def text(self, value: str | None) -> str:
        return self.scrub(value)

    # --- tables ---------------------------------------------------------------------------------

    def build(self) -> None:
        free = self.options.free_text
        self.tables[LABS.name] = [
            [row["slug"], self.text(row["name"]), self.text(row["city"]), int(row["is_public"]), row["founded"] or ""]
            for row in self.labs
        ]
        processes = _in_window(Process.objects.filter(lab_id__in=self.lab_ids), "started_on", self.options)
        members = list(
            ProcessMember.objects.filter(process__in=processes.values("pk"))
            .order_by("process_id", "created_at", "pk")
            .values_list(
                "process_id",
                "process__lab_id",
                "user_id",
                Coalesce("organisation_id", F("user__profile__organisation_id")),
                "sector",
                "role",
                "created_at",
            )
        )
        self._processes(processes, members, free)
        self._phases(processes)
        self._teams(members)
        self._participation(members)
        self._events(free)
        self._ties()
        self._indicators(free)
        self._apply_sector_rule()

    def _processes(self, processes: QuerySet[Process], members: Sequence[tuple[Any, ...]], free: bool) -> None:
        team: dict[int, set[int]] = defaultdict(set)
        for process_id, _lab, user_id, *_rest in members:
            team[process_id].add(user_id)
        rows = processes.annotate(phase_count=Count("phases", distinct=True)).order_by("started_on", "pk")
        out = []
        for p in rows.values(
            "pk",
            "lab_id",
            "title",
            "status",
            "visibility",
            "started_on",
            "current_phase__key",
            "phase_count",
            "summary",
        ):
            size, flag = suppression.cell(len(team[p["pk"]]), self.k)
            row = [
                p["pk"],
                self.lab_slugs[p["lab_id"]],
                self.text(p["title"]),
                p["status"],
                p["visibility"],
                _day(p["started_on"]),
                p["current_phase__key"] or "",
                p["phase_count"],
                size,
                flag,
            ]
            if free:
                row.append(self.text(p["summary"]))
            out.append(row)
        self.tables[PROCESSES.name] = out

    def _phases(self, processes: QuerySet[Process]) -> None:
        today = timezone.localdate(self.now)
        out = []
        phases = ProcessPhase.objects.filter(process__in=processes.values("pk")).order_by("process_id", "position")
        for process_id, position, key, name, started, ended in phases.values_list(
            "process_id", "position", "key", "name", "started_at", "ended_at"
        ):
            days: int | str = ""
            if started is not None:
                until = timezone.localdate(ended) if ended is not None else today
                days = (until - timezone.localdate(started)).days
            out.append([process_id, position, key, self.text(name), _day(started), _day(ended), days])
        self.tables[PHASES.name] = out

    def _teams(self, members: Sequence[tuple[Any, ...]]) -> None:
        by_sector: dict[int, dict[str, set[int]]] = defaultdict(lambda: {s: set() for s in SECTORS})
        for process_id, _lab, user_id, _org, sector, *_rest in members:
            if sector in SECTORS:
                by_sector[process_id][sector].add(user_id)
        out = []
        for process_id in sorted(by_sector):
            counts = {sector: len(people) for sector, people in by_sector[process_id].items()}
            hidden = suppression.breakdown(counts, self.k)
            for sector in SECTORS:
                out.append([process_id, sector, "" if hidden[sector] else counts[sector], int(hidden[sector])])
        self.tables[TEAMS.name] = out

    def _participation(self, members: Sequence[tuple[Any, ...]]) -> None:
        out: list[list[Any]] = []
        for process_id, lab_id, user_id, organisation_id, sector, role, joined in members:
            out.append(self._person_row(user_id, organisation_id, sector, lab_id, "team", process_id, role, "", joined))
        participations = _in_window(
            Participation.objects.filter(challenge__lab_id__in=self.lab_ids), "created_at__date", self.options
        )
        for user_id, organisation_id, sector, lab_id, challenge_id, kind, joined in participations.order_by(
            "challenge_id", "created_at", "pk"
        ).values_list(
            "user_id",
            Coalesce("organisation_id", F("user__profile__organisation_id")),
            Coalesce(F("user__profile__sector"), F("user__profile__organisation__sector")),
            "challenge__lab_id",
            "challenge_id",
            "kind",
            "created_at",
        ):
            out.append(
                self._person_row(user_id, organisation_id, sector, lab_id, "challenge", challenge_id, kind, "", joined)
            )
        self.participation = out

    def _person_row(
        self,
        user_id: int | None,
        organisation_id: int | None,
        sector: str | None,
        lab_id: int | None,
        context: str,
        context_id: int,
        role: str,
        attended: int | str,
        on: dt.datetime | dt.date | None,
        *,
        guest_email: str = "",
    ) -> list[Any]:
        person = self.pseudonym.person(user_id) if user_id is not None else self.pseudonym.guest(guest_email)
        if sector:
            self.person_sectors[person].add(sector)
        return [
            person,
            self.pseudonym.organisation(organisation_id),
            sector or "",
            0,
            self.lab_slugs.get(lab_id, "") if lab_id is not None else "",
            context,
            context_id,
            role,
            attended,
            _day(on),
        ]

    def _events(self, free: bool) -> None:
        events = Event.objects.filter(status__in=SHOWN_STATUSES)
        if self.options.lab is not None:
            events = events.filter(
                Q(lab_id=self.options.lab.pk) | Q(lab__isnull=True, organising_lab_id=self.options.lab.pk)
            )
        events = _in_window(events, "starts_at__date", self.options)
        active = ~Q(registrations__status=RegistrationStatus.CANCELLED)
        counted = events.annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            attended_count=Count("registrations", filter=Q(registrations__attended_at__isnull=False) & active),
            tie_lab=Coalesce("lab_id", "organising_lab_id"),
        ).order_by("starts_at", "pk")
        out = []
        for e in counted.values(
            "pk",
            "tie_lab",
            "lab_id",
            "kind",
            "status",
            "title",
            "starts_at",
            "ends_at",
            "capacity",
            "confirmed_count",
            "attended_count",
            "description",
        ):
            confirmed, confirmed_flag = suppression.cell(e["confirmed_count"], self.k)
            attended, attended_flag = suppression.cell(e["attended_count"], self.k)
            hours = round((e["ends_at"] - e["starts_at"]).total_seconds() / 3600, 1)
            row = [
                e["pk"],
                self.lab_slugs.get(e["tie_lab"], "") if e["tie_lab"] is not None else "",
                int(e["lab_id"] is None),
                e["kind"],
                e["status"],
                self.text(e["title"]),
                _day(e["starts_at"]),
                hours,
                e["capacity"],
                confirmed,
                confirmed_flag,
                attended,
                attended_flag,
            ]
            if free:
                row.append(self.text(e["description"]))
            out.append(row)
        self.tables[EVENTS.name] = out
        registrations = Registration.objects.filter(event__in=events.values("pk")).order_by("event_id", "pk")
        for (
            user_id,
            email,
            organisation_id,
            sector,
            event_id,
            lab_id,
            status,
            attended_at,
            starts,
        ) in registrations.values_list(
            "user_id",
            "email",
            "user__profile__organisation_id",
            Coalesce(F("user__profile__sector"), F("user__profile__organisation__sector")),
            "event_id",
            Coalesce("event__lab_id", "event__organising_lab_id"),
            "status",
            "attended_at",
            "event__starts_at",
        ):
            self.participation.append(
                self._person_row(
                    user_id,
                    organisation_id,
                    sector,
                    lab_id,
                    "event",
                    event_id,
                    status,
                    int(attended_at is not None),
                    starts,
                    guest_email=email,
                )
            )

    def _ties(self) -> None:
        lab_id = self.options.lab.pk if self.options.lab is not None else None
        out: list[list[Any]] = []
        self.graphs: dict[str, nx.Graph[Any]] = {}
        for nodes in (ORGANISATION, PERSON):
            ties = collect_ties(Scope(lab_id=lab_id, start=self.options.start, end=self.options.end, nodes=nodes))
            name = self.pseudonym.organisation if nodes == ORGANISATION else self.pseudonym.person
            for tie in ties:
                out.append(
                    [
                        nodes,
                        tie.kind,
                        name(tie.source[1]),
                        name(tie.target[1]),
                        self.lab_slugs.get(tie.lab_id, ""),
                        _day(tie.on),
                        tie.context,
                    ]
                )
            self.graphs[nodes] = self._graph(ties, nodes)
        self.tables[TIES.name] = out

    def _graph(self, ties: list[Tie], nodes: str) -> nx.Graph[Any]:
        source = graph_from_ties(ties, node_sectors({ref for tie in ties for ref in (tie.source, tie.target)}))
        labs: dict[NodeRef, set[str]] = defaultdict(set)
        for tie in ties:
            for ref in (tie.source, tie.target):
                labs[ref].add(self.lab_slugs.get(tie.lab_id, ""))
        name = self.pseudonym.organisation if nodes == ORGANISATION else self.pseudonym.person
        graph: nx.Graph[Any] = nx.Graph()
        for ref, data in sorted(source.nodes(data=True)):
            pseudonym = name(ref[1])
            graph.add_node(pseudonym, kind=nodes, sector=data.get("sector", ""), lab=";".join(sorted(labs[ref])))
            if nodes == PERSON and data.get("sector"):
                self.person_sectors[pseudonym].add(data["sector"])
        for a, b, data in sorted(source.edges(data=True)):
            graph.add_edge(
                name(a[1]),
                name(b[1]),
                weight=int(data["weight"]),
                contexts=int(data["contexts"]),
                since=_day(data["since"]),
                kinds=";".join(data.get("kinds", ())),
            )
        return graph

    def _indicators(self, free: bool) -> None:
        indicators = Indicator.objects.filter(lab_id__in=self.lab_ids).order_by("lab_id", "position", "pk")
        out = []
        for i in indicators.values(
            "pk",
            "lab_id",
            "process_id",
            "name",
            "unit",
            "level",
            "sdg",
            "baseline",
            "target",
            "target_date",
            "description",
        ):
            row = [
                i["pk"],
                self.lab_slugs[i["lab_id"]],
                i["process_id"] or "",
                self.text(i["name"]),
                self.text(i["unit"]),
                i["level"],
                i["sdg"] or "",
                _number(i["baseline"]),
                _number(i["target"]),
                _day(i["target_date"]),
            ]
            if free:
                row.append(self.text(i["description"]))
            out.append(row)
        self.tables[INDICATORS.name] = out
        measurements = _in_window(
            Measurement.objects.filter(indicator__lab_id__in=self.lab_ids), "measured_on", self.options
        ).order_by("indicator_id", "measured_on")
        rows = []
        for indicator_id, measured_on, value, source, note in measurements.values_list(
            "indicator_id", "measured_on", "value", "source", "note"
        ):
            row = [indicator_id, _day(measured_on), _number(value)]
            if free:
                row += [self.text(source), self.text(note)]
            rows.append(row)
        self.tables[MEASUREMENTS.name] = rows

    def _apply_sector_rule(self) -> None:
        """A person's sector only where at least k people of the export share it."""
        people: dict[str, set[str]] = defaultdict(set)
        for person, sectors in self.person_sectors.items():
            for sector in sectors:
                people[sector].add(person)
        self.hidden_sectors = {sector for sector, who in people.items() if suppression.suppressed(len(who), self.k)}
        for row in self.participation:
            if row[2] in self.hidden_sectors:
                # The organisation's sector would tell the person's: it goes too.
                row[1], row[2], row[3] = "", "", 1
        self.tables[PARTICIPATION.name] = self.participation
        graph = self.graphs[PERSON]
        for node in graph.nodes:
            hidden = graph.nodes[node]["sector"] in self.hidden_sectors
            graph.nodes[node]["sector_suppressed"] = int(hidden)
            if hidden:
                graph.nodes[node]["sector"] = ""


def _cell(value: Any) -> Any:
    """Numbers, and text that no spreadsheet would run as a formula, as they are (most cells:
    pseudonyms, dates, keys); anything else through ``safe_cell``."""
    if type(value) is int:
        return value
    if type(value) is str and value[:1] not in FORMULA_PREFIXES:
        return value
    return safe_cell(value)


def _csv(table: Table, rows: list[list[Any]], *, free_text: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header(free_text=free_text))
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _graphml(graph: nx.Graph[Any]) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def export_filename(options: ExportOptions, now: dt.datetime) -> str:
    scope = options.lab.slug if options.lab is not None else "all-labs"
    return f"kosilab-research-{scope}-{timezone.localtime(now):%Y-%m-%d-%H%M}.zip"


def build_export(options: ExportOptions, *, key: bytes | None = None) -> ExportFile:
    """The zip of the export (in memory: at scale 1 the whole installation is a few MB)."""
    builder = _Builder(options, key=key)
    builder.build()
    buffer = io.BytesIO()
    stamp = timezone.localtime(builder.now).timetuple()[:6]
    rows: dict[str, int] = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def write(name: str, content: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)

        for table in TABLES:
            table_rows = builder.tables[table.name]
            rows[table.name] = len(table_rows)
            write(table.filename, _csv(table, table_rows, free_text=options.free_text))
        for nodes, filename in NETWORKS.items():
            write(filename, _graphml(builder.graphs[nodes]))
        text = codebook.render(
            options=options,
            now=builder.now,
            k=builder.k,
            rows=rows,
            labs=[row["slug"] for row in builder.labs],
            hidden_sectors=sorted(builder.hidden_sectors),
        )
        write("codebook.md", text.encode("utf-8"))
    return ExportFile(content=buffer.getvalue(), filename=export_filename(options, builder.now), rows=rows)
