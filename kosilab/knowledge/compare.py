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

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

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


def _keys(profile: LabProfile, criterion: Criterion) -> frozenset[str]:
    value: Any = getattr(profile, _facet(criterion.key).field) or []
    return frozenset(str(key) for key in value if key)


def has_value(profile: LabProfile, criterion: Criterion) -> bool:
    """Whether the profile states this criterion."""
    if criterion.kind == SET:
        return bool(_keys(profile, criterion))
    if criterion.kind == CHOICE:
        return bool(getattr(profile, _facet(criterion.key).field))
    if criterion.kind == FLAG:
        return profile.term_bound is not None
    if criterion.kind == YEAR:
        return profile.founded is not None
    if criterion.kind == SIZE:
        return bool(profile.team_size)
    return profile.has_space is not None


def stated(profile: LabProfile) -> list[Criterion]:
    """The criteria the profile states."""
    return [criterion for criterion in CRITERIA if has_value(profile, criterion)]


def nearly_empty(profile: LabProfile) -> bool:
    """Too little is known of the profile for a ranking to mean much."""
    return len(stated(profile)) < NEARLY_EMPTY_BELOW


def _ratio(a: int, b: int) -> float:
    return min(a, b) / max(a, b) if max(a, b) > 0 else 1.0


def similarity_of(own: LabProfile, other: LabProfile, criterion: Criterion) -> float:
    """0 to 1; 0 when either profile leaves the criterion empty."""
    if not (has_value(own, criterion) and has_value(other, criterion)):
        return 0.0
    if criterion.kind == SET:
        mine, theirs = _keys(own, criterion), _keys(other, criterion)
        return len(mine & theirs) / len(mine | theirs)
    if criterion.kind == CHOICE:
        name = _facet(criterion.key).field
        return 1.0 if getattr(own, name) == getattr(other, name) else 0.0
    if criterion.kind == FLAG:
        return 1.0 if own.term_bound == other.term_bound else 0.0
    if criterion.kind == YEAR:
        assert own.founded is not None and other.founded is not None
        return max(0.0, 1.0 - abs(own.founded - other.founded) / FOUNDED_SPAN)
    if criterion.kind == SIZE:
        assert own.team_size is not None and other.team_size is not None
        return _ratio(own.team_size, other.team_size)
    if own.has_space != other.has_space:
        return 0.0
    if own.has_space and own.space_m2 and other.space_m2:
        return 0.5 + 0.5 * _ratio(own.space_m2, other.space_m2)
    return 1.0


# --- Display -----------------------------------------------------------------------------------


def labels(values: Iterable[str], criterion: Criterion) -> list[str]:
    """The values' labels in the reader's language, in the vocabulary's order."""
    facet = _facet(criterion.key)
    wanted = set(values)
    known = [str(label) for key, label in facet.choices if key in wanted]
    return known + sorted(key for key in wanted if key not in facet.labels)


def _and(items: list[str]) -> str:
    return str(get_text_list(items, _("and")))


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


def rank(own: LabProfile, candidates: Iterable[LabProfile], *, limit: int = RANKED) -> list[Match]:
    """The ``limit`` candidates most like ``own`` (never ``own`` itself), best first."""
    matches = [compare(own, other) for other in candidates if other.pk != own.pk or own.pk is None]
    matches.sort(key=lambda m: (-m.score, -len(m.reasons), m.profile.name.casefold(), m.profile.pk or 0))
    return matches[:limit]


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
