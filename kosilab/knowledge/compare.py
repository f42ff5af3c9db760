"""How alike two labs are: "labs like yours" and the side-by-side table (issue 11, docs/knowledge.md).

Only reads; no database access of its own: the selectors fetch the profiles (with
``COMPARE_FIELDS``) and this module scores them.

**The score.** Each criterion below compares one facet of the own lab's profile with the other
lab's and gives a similarity from 0 to 1:

- multi-valued facets (position, host, level, funding, purpose, methods, themes, sectors): the
  Jaccard index, shared values ÷ all values of the two;
- single-valued facets (autonomy, lifecycle stage, tied to a term of office): 1 if equal, else 0;
- founded: 1 for the same year, falling by ``1 / FOUNDED_SPAN`` per year apart (0 from
  ``FOUNDED_SPAN`` years on);
- team size: the smaller team ÷ the larger one (5 and 10 people: 0.5);
- space: 1 if both have their own space or both have none; with both floor areas known, half of
  it is the smaller area ÷ the larger one.

The score is the weighted mean over the criteria **the own profile states**: Σ weight × similarity
÷ Σ weight. A criterion the other lab's profile leaves empty counts as 0 (nothing known in common),
so a sparse case study does not rank high on one matching fact. Facets that describe how a lab
ended (status, end mode, reasons) describe a fate, not a set-up, and are not scored; the
side-by-side table shows them.

**Reasons** are the criteria with something in common, strongest first, as sentences in the
reader's language ("Both sit on the edge of government", "Both work on mobility and ageing and
care"); **differences** are the criteria both profiles state with values that are not the same.

Ties are broken by the number of reasons, then the name, then the id, so the order is
deterministic.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise

from kosilab.knowledge.facets import FACET_BY_KEY, Facet
from kosilab.knowledge.models import LabProfile

# --- Weights: how much each criterion counts (relative to each other) ---------------------------
WEIGHT_POSITION = 3.0  # inside / edge / outside government shapes a lab more than anything else
WEIGHT_HOST = 2.0
WEIGHT_LEVEL = 1.5
WEIGHT_TERM_BOUND = 1.0
WEIGHT_AUTONOMY = 1.0
WEIGHT_FUNDING = 2.0
WEIGHT_PURPOSE = 2.0
WEIGHT_METHOD = 1.5
WEIGHT_THEME = 2.0
WEIGHT_SECTOR = 1.0
WEIGHT_STAGE = 0.5
WEIGHT_FOUNDED = 0.5
WEIGHT_TEAM = 1.0
WEIGHT_SPACE = 0.5

FOUNDED_SPAN = 20  # years apart at which founding years count as nothing in common
# A criterion counts as a reason from this similarity on (for the closeness criteria).
REASON_FROM = 0.5
# An own profile stating fewer criteria than this gets a note that the ranking says little.
NEARLY_EMPTY_BELOW = 3
RANKED = 10  # how many labs "labs like yours" shows

# Kinds of criteria.
SET, CHOICE, FLAG, YEAR, SIZE, SPACE = "set", "choice", "flag", "year", "size", "space"


@dataclass(frozen=True)
class Criterion:
    key: str
    kind: str
    weight: float
    label: StrOrPromise


def _facet(key: str) -> Facet:
    return FACET_BY_KEY[key]


CRITERIA: tuple[Criterion, ...] = (
    Criterion("position", SET, WEIGHT_POSITION, _facet("position").label),
    Criterion("host", SET, WEIGHT_HOST, _facet("host").label),
    Criterion("level", SET, WEIGHT_LEVEL, _facet("level").label),
    Criterion("term_bound", FLAG, WEIGHT_TERM_BOUND, gettext_lazy("Tied to a term of office")),
    Criterion("autonomy", CHOICE, WEIGHT_AUTONOMY, _facet("autonomy").label),
    Criterion("funding", SET, WEIGHT_FUNDING, _facet("funding").label),
    Criterion("purpose", SET, WEIGHT_PURPOSE, _facet("purpose").label),
    Criterion("method", SET, WEIGHT_METHOD, _facet("method").label),
    Criterion("theme", SET, WEIGHT_THEME, _facet("theme").label),
    Criterion("sector", SET, WEIGHT_SECTOR, _facet("sector").label),
    Criterion("stage", CHOICE, WEIGHT_STAGE, _facet("stage").label),
    Criterion("founded", YEAR, WEIGHT_FOUNDED, gettext_lazy("Founded")),
    Criterion("team", SIZE, WEIGHT_TEAM, gettext_lazy("Team size")),
    Criterion("space", SPACE, WEIGHT_SPACE, gettext_lazy("Own space")),
)
CRITERION_BY_KEY = {criterion.key: criterion for criterion in CRITERIA}

# What the selectors load of each profile to score it (and to link and name it).
COMPARE_FIELDS: tuple[str, ...] = (
    "id",
    "slug",
    "lab_id",
    "name",
    "city",
    "country",
    "positions",
    "host_types",
    "levels",
    "term_bound",
    "autonomy",
    "funding",
    "purposes",
    "method_families",
    "themes",
    "sectors",
    "stage",
    "founded",
    "team_size",
    "has_space",
    "space_m2",
)


# --- Values ------------------------------------------------------------------------------------


def _value(criterion: Criterion, get: Callable[[str], Any]) -> Any:
    """The criterion's value, ready to compare, from the fields ``get(name)`` gives; None when empty.

    A set of keys (lists), a key (single values), True/False (term of office), a year, a team size,
    or (has own space, floor area) for the space."""
    if criterion.kind == SET:
        return frozenset(str(key) for key in get(_facet(criterion.key).field) or [] if key) or None
    if criterion.kind == CHOICE:
        return get(_facet(criterion.key).field) or None
    if criterion.kind == FLAG:
        return get("term_bound")
    if criterion.kind == YEAR:
        return get("founded")
    if criterion.kind == SIZE:
        return get("team_size") or None
    has_space = get("has_space")
    return None if has_space is None else (has_space, get("space_m2"))


def value_of(profile: LabProfile, criterion: Criterion) -> Any:
    """The criterion's value on the profile (see ``_value``)."""
    return _value(criterion, lambda name: getattr(profile, name))


def _keys(profile: LabProfile, criterion: Criterion) -> frozenset[str]:
    return value_of(profile, criterion) or frozenset()


def has_value(profile: LabProfile, criterion: Criterion) -> bool:
    """Whether the profile states this criterion."""
    return value_of(profile, criterion) is not None


def stated(profile: LabProfile) -> list[Criterion]:
    """The criteria the profile states."""
    return [criterion for criterion in CRITERIA if has_value(profile, criterion)]


def nearly_empty(profile: LabProfile) -> bool:
    """Too little is known of the profile for a ranking to mean much."""
    return len(stated(profile)) < NEARLY_EMPTY_BELOW


def _ratio(a: int, b: int) -> float:
    return min(a, b) / max(a, b) if max(a, b) > 0 else 1.0


def _similar(kind: str, mine: Any, theirs: Any) -> float:
    """The similarity of two stated values (``value_of``) of one kind of criterion, 0 to 1."""
    if kind == SET:
        return len(mine & theirs) / len(mine | theirs)
    if kind in (CHOICE, FLAG):
        return 1.0 if mine == theirs else 0.0
    if kind == YEAR:
        return max(0.0, 1.0 - abs(int(mine) - int(theirs)) / FOUNDED_SPAN)
    if kind == SIZE:
        return _ratio(mine, theirs)
    (own_space, own_area), (other_space, other_area) = mine, theirs
    if own_space != other_space:
        return 0.0
    if own_space and own_area and other_area:
        return 0.5 + 0.5 * _ratio(own_area, other_area)
    return 1.0


def similarity_of(own: LabProfile, other: LabProfile, criterion: Criterion) -> float:
    """0 to 1; 0 when either profile leaves the criterion empty."""
    mine, theirs = value_of(own, criterion), value_of(other, criterion)
    if mine is None or theirs is None:
        return 0.0
    return _similar(criterion.kind, mine, theirs)


# --- Display -----------------------------------------------------------------------------------


def labels(values: Iterable[str], criterion: Criterion) -> list[str]:
    """The values' labels in the reader's language, in the vocabulary's order."""
    facet = _facet(criterion.key)
    wanted = set(values)
    known = [str(label) for key, label in facet.choices if key in wanted]
    return known + sorted(key for key in wanted if key not in facet.labels)


def _and(items: list[str]) -> str:
    """Joined as "a, b and c"; with semicolons where a label has an "and" of its own ("x and y; z")."""
    word = str(_("and"))
    if any(f" {word} " in item for item in items):
        return "; ".join(items)
    return str(get_text_list(items, word))


def display(profile: LabProfile, criterion: Criterion) -> str:
    """The criterion's value on this profile, in the reader's language ("" when not stated)."""
    if not has_value(profile, criterion):
        return ""
    if criterion.kind == SET:
        return ", ".join(labels(_keys(profile, criterion), criterion))
    if criterion.kind == CHOICE:
        key = getattr(profile, _facet(criterion.key).field)
        return str(_facet(criterion.key).labels.get(key, key))
    if criterion.kind == FLAG:
        return _("yes") if profile.term_bound else _("no")
    if criterion.kind == YEAR:
        return str(profile.founded)
    if criterion.kind == SIZE:
        size = profile.team_size or 0
        return ngettext("%(count)d person", "%(count)d people", size) % {"count": size}
    if not profile.has_space:
        return _("no own space")
    if profile.space_m2:
        return _("own space, %(area)s m²") % {"area": profile.space_m2}
    return _("own space")


POSITION_REASONS: dict[str, StrOrPromise] = {
    "inside": gettext_lazy("Both sit inside government"),
    "edge": gettext_lazy("Both sit on the edge of government"),
    "outside": gettext_lazy("Both work outside government"),
}


def reasons(own: LabProfile, other: LabProfile, criterion: Criterion) -> list[str]:
    """What the two have in common on this criterion, as sentences (one; one per shared position)."""
    if criterion.key == "position":
        shared = _keys(own, criterion) & _keys(other, criterion)
        return [str(text) for key, text in POSITION_REASONS.items() if key in shared]
    text = reason(own, other, criterion)
    return [text] if text else []


def reason(own: LabProfile, other: LabProfile, criterion: Criterion) -> str:
    """What the two have in common on this criterion, as a sentence ("" when nothing)."""
    if similarity_of(own, other, criterion) <= 0:
        return ""
    if criterion.kind == SET:
        shared = _keys(own, criterion) & _keys(other, criterion)
        if criterion.key == "position":
            return "; ".join(reasons(own, other, criterion))
        values = _and(labels(shared, criterion))
        templates: dict[str, str] = {
            "host": _("Same kind of host: %(values)s"),
            "level": _("Same level of government: %(values)s"),
            "funding": _("Both funded by: %(values)s"),
            "purpose": _("Both aim to %(values)s"),
            "method": _("Both use %(values)s"),
            "theme": _("Both work on %(values)s"),
            "sector": _("Both bring together: %(values)s"),
        }
        return templates[criterion.key] % {"values": values}
    if criterion.kind == CHOICE:
        value = display(own, criterion)
        if criterion.key == "stage":
            return _("Both in the phase “%(value)s”") % {"value": value}
        return _("Same autonomy: %(value)s") % {"value": value}
    if criterion.kind == FLAG:
        return _("Both tied to a term of office") if own.term_bound else _("Neither tied to a term of office")
    similar = similarity_of(own, other, criterion)
    if similar < REASON_FROM:
        return ""
    if criterion.kind == YEAR:
        if own.founded == other.founded:
            return _("Both founded in %(year)s") % {"year": own.founded}
        apart = abs((own.founded or 0) - (other.founded or 0))
        return ngettext(
            "Founded within %(years)d year of each other",
            "Founded within %(years)d years of each other",
            apart,
        ) % {"years": apart}
    if criterion.kind == SIZE:
        return _("Teams of a similar size (%(own)s and %(other)s people)") % {
            "own": own.team_size,
            "other": other.team_size,
        }
    return _("Both have their own space") if own.has_space else _("Neither has its own space")


# --- Comparing two labs, ranking many ----------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    label: str
    own: str
    other: str


@dataclass
class Match:
    """Another lab with how alike it is to the own one: score 0 to 1, reasons, differences."""

    profile: LabProfile
    score: float
    reasons: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def compare(own: LabProfile, other: LabProfile) -> Match:
    """How alike ``other`` is to ``own`` (see the module's docstring)."""
    criteria = stated(own)
    total = sum(criterion.weight for criterion in criteria)
    contributions: list[tuple[float, int, str]] = []
    differences: list[Difference] = []
    score = 0.0
    for position, criterion in enumerate(criteria):
        similar = similarity_of(own, other, criterion)
        score += criterion.weight * similar
        for text in reasons(own, other, criterion):
            contributions.append((-criterion.weight * similar, position, text))
        if has_value(other, criterion) and similar < 1:
            differences.append(Difference(str(criterion.label), display(own, criterion), display(other, criterion)))
    ordered = [text for _weight, _position, text in sorted(contributions)]
    return Match(other, score / total if total else 0.0, ordered, differences)


def _reason_count(criterion: Criterion, mine: Any, theirs: Any, similar: float) -> int:
    """How many sentences ``reasons`` gives for this criterion (without writing them)."""
    if criterion.key == "position":
        return len(mine & theirs)
    if criterion.kind in (YEAR, SIZE, SPACE):
        return int(similar >= REASON_FROM)
    return int(similar > 0)


T = TypeVar("T")


def _best(own: LabProfile, items: Iterable[T], get: Callable[[T, str], Any], limit: int) -> list[T]:
    """The ``limit`` items most like ``own``, best first: by score, then the number of reasons, the
    name and the id. Each item's fields are read with ``get(item, name)``; the own values once."""
    own_values = [(criterion, value) for criterion in CRITERIA if (value := value_of(own, criterion)) is not None]
    total = sum(criterion.weight for criterion, _value in own_values) or 1.0
    keyed: list[tuple[float, int, str, int, int]] = []
    found: list[T] = []
    for item in items:
        pk = get(item, "id") or 0
        if own.pk is not None and pk == own.pk:
            continue
        score, count = 0.0, 0
        for criterion, mine in own_values:
            theirs = _value(criterion, lambda name, item=item: get(item, name))  # type: ignore[misc]
            if theirs is None:
                continue
            similar = _similar(criterion.kind, mine, theirs)
            score += criterion.weight * similar
            count += _reason_count(criterion, mine, theirs, similar)
        keyed.append((-score / total, -count, str(get(item, "name")).casefold(), pk, len(found)))
        found.append(item)
    return [found[key[-1]] for key in heapq.nsmallest(limit, keyed)]


def rank(own: LabProfile, candidates: Iterable[LabProfile], *, limit: int = RANKED) -> list[Match]:
    """The ``limit`` candidates most like ``own`` (never ``own`` itself), best first, with reasons
    and differences."""
    return [compare(own, other) for other in _best(own, candidates, getattr, limit)]


def _fields(criterion: Criterion) -> tuple[str, ...]:
    """The model fields a criterion reads."""
    if criterion.kind in (SET, CHOICE):
        return (_facet(criterion.key).field,)
    return {FLAG: ("term_bound",), YEAR: ("founded",), SIZE: ("team_size",), SPACE: ("has_space", "space_m2")}[
        criterion.kind
    ]


def row_fields(own: LabProfile) -> tuple[str, ...]:
    """What ``best_rows`` needs of each case study, for ``.values_list(*row_fields(own))``: the id,
    the name and the fields of the criteria the own profile states (nothing else is decoded)."""
    return ("id", "name", *(name for criterion in stated(own) for name in _fields(criterion)))


def best_rows(own: LabProfile, rows: Iterable[tuple[Any, ...]], *, limit: int = RANKED) -> list[int]:
    """The ids of the ``limit`` rows most like ``own``, best first; ``rows`` as from
    ``.values_list(*row_fields(own))``. The same order as ``rank`` (tested), written out per kind
    of criterion without model instances, so that 2,000 case studies take some tens of milliseconds."""
    names = row_fields(own)
    position = {name: index for index, name in enumerate(names)}
    plan = [
        (
            criterion.kind,
            criterion.weight,
            criterion.key == "position",
            value_of(own, criterion),
            position[fields[0]],
            position[fields[-1]],
        )
        for criterion in stated(own)
        for fields in [_fields(criterion)]
    ]
    total = sum(weight for _kind, weight, *_rest in plan) or 1.0
    keyed: list[tuple[float, int, str, int]] = []
    for row in rows:
        if own.pk is not None and row[0] == own.pk:
            continue
        score, count = 0.0, 0
        for kind, weight, is_position, mine, first, last in plan:
            raw = row[first]
            if kind == SET:
                theirs = {str(key) for key in raw or () if key}
                if not theirs:
                    continue
                shared = len(mine & theirs)
                similar = shared / (len(mine) + len(theirs) - shared)
                count += shared if is_position else shared > 0
            elif (kind in (CHOICE, SIZE) and not raw) or raw is None:
                continue
            elif kind in (CHOICE, FLAG):
                similar = 1.0 if raw == mine else 0.0
                count += similar > 0
            else:
                similar = _similar(kind, mine, (raw, row[last]) if kind == SPACE else raw)
                count += similar >= REASON_FROM
            score += weight * similar
        keyed.append((-score / total, -count, str(row[1]).casefold(), int(row[0])))
    return [key[-1] for key in heapq.nsmallest(limit, keyed)]


# --- Side by side ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    differs: bool = False  # differs from the own lab's value (both stated)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: list[Cell]  # the own lab first, then the others in their order
    compared: bool = True  # False for rows shown but not compared (texts, how a lab ended)

    @property
    def differs(self) -> bool:
        return any(cell.differs for cell in self.cells)


def _place(profile: LabProfile) -> str:
    return ", ".join(part for part in (profile.city, profile.country) if part)


def _lifespan(profile: LabProfile) -> str:
    if profile.status == "ended":
        mode = str(_facet("end").labels.get(profile.end_mode, profile.end_mode)) if profile.end_mode else ""
        when = str(profile.ended) if profile.ended else ""
        return ", ".join(part for part in (_("ended"), when, mode) if part)
    if profile.status == "active":
        return _("active")
    return ""


def _reasons_ended(profile: LabProfile) -> str:
    facet = _facet("reason")
    return ", ".join(str(facet.labels.get(key, key)) for key in profile.end_reasons or [])


# Text rows under the compared ones: shown side by side, never marked as a difference.
TEXT_ROWS: tuple[tuple[str, StrOrPromise], ...] = (
    ("host", gettext_lazy("Host and legal form")),
    ("mandate", gettext_lazy("Mandate and sponsor")),
    ("budget", gettext_lazy("Annual budget")),
    ("team", gettext_lazy("Team and disciplines")),
    ("impact", gettext_lazy("Evidence of impact")),
    ("legacy", gettext_lazy("What survived it")),
)


def side_by_side(own: LabProfile, others: list[LabProfile]) -> list[Row]:
    """The table of the own lab against the others: one row per criterion, then the lab's
    place and lifespan and the texts in the reader's language. A cell differs when both it and
    the own lab's cell state a value and the values are not the same."""
    profiles = [own, *others]
    rows = [
        Row("place", _("City and country"), [Cell(_place(p)) for p in profiles], compared=False),
        Row("lifespan", _("Status"), [Cell(_lifespan(p)) for p in profiles], compared=False),
    ]
    for criterion in CRITERIA:
        cells = [Cell(display(own, criterion))]
        for other in others:
            both = has_value(own, criterion) and has_value(other, criterion)
            cells.append(Cell(display(other, criterion), differs=both and similarity_of(own, other, criterion) < 1))
        rows.append(Row(criterion.key, str(criterion.label), cells))
    rows.append(Row("end_reasons", str(_facet("reason").label), [Cell(_reasons_ended(p)) for p in profiles], False))
    for key, label in TEXT_ROWS:
        rows.append(Row(f"text-{key}", str(label), [Cell(p.text(key)) for p in profiles], compared=False))
    return [row for row in rows if any(cell.text for cell in row.cells)]
