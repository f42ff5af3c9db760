"""What each file of a research export holds: every table and column with its meaning, unit and
values. The CSV files are written from these declarations and the codebook (codebook.md) is
rendered from them, so the two cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    name: str
    meaning: Promise
    values: Promise | str = ""  # unit, format or list of values
    free_text: bool = False  # only written when the exporter chose free text


@dataclass(frozen=True)
class Table:
    name: str
    meaning: Promise
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def header(self, *, free_text: bool) -> list[str]:
        return [c.name for c in self.columns if free_text or not c.free_text]


DATE = _("date, YYYY-MM-DD")
FLAG = _("1 = suppressed (fewer than k), 0 = shown")
COUNT = _("number of people; empty if suppressed")
PERSON = _("pseudonym of a person, P-…")
SECTORS = "public, business, civil_society, science"
LAB = Column("lab", _("the lab, by its short name (see labs.csv)"))

LABS = Table(
    "labs",
    _("The labs in the export (institutions, named as on the platform)."),
    (
        Column("lab", _("short name of the lab")),
        Column("name", _("name of the lab")),
        Column("city", _("city")),
        Column("public", _("whether the lab is shown to everyone"), "1, 0"),
        Column("founded", _("year the lab was founded; empty if unknown"), _("year")),
    ),
)
PROCESSES = Table(
    "processes",
    _("Lab processes that started within the time window."),
    (
        Column("process_id", _("number of the process in this export and the platform")),
        LAB,
        Column("title", _("title the lab gave the process (names of people replaced)")),
        Column("status", _("state of the process"), "running, completed, stopped"),
        Column("visibility", _("who may see it"), "public, internal"),
        Column("started_on", _("day the process started"), DATE),
        Column("current_phase", _("key of the phase it is in (see phases.csv)")),
        Column("phases", _("number of phases"), _("count")),
        Column("team_size", _("people in the process team"), COUNT),
        Column("team_size_suppressed", _("whether team_size is suppressed"), FLAG),
        Column("summary", _("the process's summary (names and e-mail addresses replaced)"), free_text=True),
    ),
)
PHASES = Table(
    "phases",
    _("The phases of each process in processes.csv, in order."),
    (
        Column("process_id", _("the process (see processes.csv)")),
        Column("position", _("order of the phase, from 1"), _("count")),
        Column(
            "key",
            _("the phase; the default ones are prompts, proposals, prototypes, sustaining, scaling, systemic_change"),
        ),
        Column("name", _("the lab's own name of the phase; empty for a default phase")),
        Column("started_on", _("day the phase started; empty if not yet"), DATE),
        Column("ended_on", _("day the phase ended; empty if not yet"), DATE),
        Column("days", _("days from start to end (to the export's day while it runs)"), _("days")),
    ),
)
TEAMS = Table(
    "teams_by_sector",
    _("Members of each process team by the sector they brought in (one row per process and sector)."),
    (
        Column("process_id", _("the process (see processes.csv)")),
        Column("sector", _("sector of the quadruple helix"), SECTORS),
        Column("members", _("members from this sector"), COUNT),
        Column("suppressed", _("whether members is suppressed (also to protect another suppressed cell)"), FLAG),
    ),
)
EVENTS = Table(
    "events",
    _("Events that started within the time window (not drafts)."),
    (
        Column("event_id", _("number of the event")),
        Column("lab", _("the lab that organises it (for a network event: its organising lab)")),
        Column("network", _("whether it is an event of the whole network of labs"), "1, 0"),
        Column("kind", _("type of event"), "lab_session, workshop, training, public"),
        Column("status", _("state of the event"), "published, cancelled"),
        Column("title", _("title (names of people replaced)")),
        Column("starts_on", _("day it starts"), DATE),
        Column("hours", _("duration"), _("hours, one decimal")),
        Column("capacity", _("seats"), _("count")),
        Column("confirmed", _("people with a confirmed seat"), COUNT),
        Column("confirmed_suppressed", _("whether confirmed is suppressed"), FLAG),
        Column("attended", _("people checked in"), COUNT),
        Column("attended_suppressed", _("whether attended is suppressed"), FLAG),
        Column("description", _("the event's description (names and e-mail addresses replaced)"), free_text=True),
    ),
)
PARTICIPATION = Table(
    "participation",
    _("Who took part where: one row per person and process team, challenge or event registration."),
    (
        Column("person", PERSON),
        Column(
            "organisation", _("pseudonym of the person's organisation, O-…; empty if none or if sector is suppressed")
        ),
        Column("sector", _("the person's sector; empty if unknown or suppressed"), SECTORS),
        Column("sector_suppressed", _("whether sector is suppressed (fewer than k people with it)"), FLAG),
        LAB,
        Column("context", _("where"), "team, challenge, event"),
        Column("context_id", _("process_id, challenge number or event_id")),
        Column(
            "role",
            _("team: role in the team; challenge: how; event: the registration's state"),
            "lead, facilitator, co_creator, expert, observer; interested, joined; confirmed, waiting, offered, "
            "cancelled, unconfirmed",
        ),
        Column("attended", _("event: checked in; empty otherwise"), "1, 0"),
        Column("on", _("day the person joined (for events: the event's day)"), DATE),
    ),
)
TIES = Table(
    "ties",
    _("Ties of cooperation: two organisations, or two people, sharing one context (as in network.graphml)."),
    (
        Column("node_kind", _("what the two ends are"), "organisation, person"),
        Column("kind", _("what they share"), "team, challenge, event, handover, result"),
        Column("source", _("one end (pseudonym)")),
        Column("target", _("the other end (pseudonym)")),
        LAB,
        Column("on", _("day the tie began (the later of the two arrivals)"), DATE),
        Column("context", _("the shared context, e.g. process:12 or event:40")),
    ),
)
INDICATORS = Table(
    "indicators",
    _("Impact indicators of the labs and their processes."),
    (
        Column("indicator_id", _("number of the indicator")),
        LAB,
        Column("process_id", _("the process it belongs to; empty for the lab's own")),
        Column("name", _("name of the indicator (names of people replaced)")),
        Column("unit", _("unit of its values")),
        Column("level", _("level of the impact chain"), "input, output, outcome, impact"),
        Column("sdg", _("UN Sustainable Development Goal; empty if none"), "1–17"),
        Column("baseline", _("value at the start"), _("in the indicator's unit")),
        Column("target", _("value aimed for"), _("in the indicator's unit")),
        Column("target_date", _("day the target should be reached"), DATE),
        Column("description", _("description (names and e-mail addresses replaced)"), free_text=True),
    ),
)
MEASUREMENTS = Table(
    "measurements",
    _("Measured values of the indicators, within the time window."),
    (
        Column("indicator_id", _("the indicator (see indicators.csv)")),
        Column("measured_on", _("day of the measurement"), DATE),
        Column("value", _("the value"), _("in the indicator's unit")),
        Column("source", _("where the value comes from (names and e-mail addresses replaced)"), free_text=True),
        Column("note", _("note (names and e-mail addresses replaced)"), free_text=True),
    ),
)

TABLES: tuple[Table, ...] = (LABS, PROCESSES, PHASES, TEAMS, EVENTS, PARTICIPATION, TIES, INDICATORS, MEASUREMENTS)
