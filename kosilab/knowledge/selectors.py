"""Reads of the case-study library: visible profiles, the faceted and full-text search with counts,
the world list, the timeline, a profile's facts and its version history (docs/knowledge.md)."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from kosilab.accounts.types import Viewer
from kosilab.core.fulltext import RANK, words
from kosilab.core.roles import is_platform_admin
from kosilab.knowledge import compare
from kosilab.knowledge.countries import country_name, is_country, sort_key
from kosilab.knowledge.display import value_text
from kosilab.knowledge.facets import CERTAINTIES, FACETS, FACT_LABELS, FACTS, Choices, Facet
from kosilab.knowledge.history import IDENTITY_FIELDS, snapshot
from kosilab.knowledge.models import LabProfile, LabRelation, ProfileProposal, ProfileRevision, RelationKind
from kosilab.knowledge.policies import profile_policy, relation_policy
from kosilab.knowledge.search import PROFILE_SEARCH, SEARCH_FIELDS
from kosilab.labs.models import Lab
from kosilab.labs.policies import lab_policy
from kosilab.methods.models import Method
from kosilab.methods.selectors import by_title, visible_methods
from kosilab.playbook.content import DIMENSION_BY_KEY, DIMENSIONS

# What a list shows of a profile (the search columns and the long texts stay in the database).
LIST_FIELDS = (
    "slug",
    "name",
    "city",
    "country",
    "founded",
    "ended",
    "status",
    "end_mode",
    "summary_de",
    "summary_en",
    "lab",
)


def visible_profiles(user: Viewer) -> QuerySet[LabProfile]:
    """The case studies and the profiles of the labs you may see (policies.py)."""
    return profile_policy.visible(user)


# --- The facets of the search ------------------------------------------------------------------

KINDS: Choices = (("case_study", _("case study")), ("hosted", _("lab on this platform")))
KNOWN: Choices = (
    ("yes", pgettext_lazy("known fact", "yes")),
    ("no", pgettext_lazy("known fact", "no")),
    ("unknown", _("not known")),
)
UNKNOWN_DECADE = "unknown"
DECADE = re.compile(r"^(1[89]|2[01])[0-9]0$")


@dataclass(frozen=True)
class SearchFacet:
    """A facet of the library's search: its URL parameter, label and how a value filters."""

    key: str
    label: StrOrPromise
    kind: str  # "list" (JSON list of keys), "single", "kind", "bool", "country", "decade"
    field: str = ""
    choices: Choices = ()

    def value_q(self, value: str) -> Q:
        if self.kind == "list":
            if connection.vendor == "postgresql":  # jsonb containment, far cheaper than text matching
                return Q(**{f"{self.field}__contains": [value]})
            # SQLite: the JSON list's text contains "key".
            return Q(**{f"{self.field}__icontains": f'"{value}"'})
        if self.kind == "single":
            return Q(**{self.field: value})
        if self.kind == "kind":
            return Q(lab__isnull=value == "case_study")
        if self.kind == "bool":
            return Q(**{f"{self.field}__isnull": True}) if value == "unknown" else Q(**{self.field: value == "yes"})
        if self.kind == "country":
            return Q(country=value)
        if value == UNKNOWN_DECADE:
            return Q(founded__isnull=True)
        start = int(value)
        return Q(founded__gte=start, founded__lte=start + 9)

    def accepts(self, value: str) -> bool:
        if self.kind == "country":
            return is_country(value)
        if self.kind == "decade":
            return value == UNKNOWN_DECADE or bool(DECADE.match(value))
        return value in dict(self.choices)

    @property
    def dynamic(self) -> bool:
        """Values come from the data (countries, decades), not from a vocabulary."""
        return self.kind in ("country", "decade")


def _from_facet(facet: Facet) -> SearchFacet:
    return SearchFacet(facet.key, facet.label, "list" if facet.multiple else "single", facet.field, facet.choices)


SEARCH_FACETS: tuple[SearchFacet, ...] = (
    SearchFacet("kind", _("Case studies or labs on this platform"), "kind", choices=KINDS),
    SearchFacet("country", _("Country"), "country"),
    SearchFacet("decade", _("Founded in the decade"), "decade"),
    *(_from_facet(facet) for facet in FACETS),
    SearchFacet("space", _("Has its own space"), "bool", "has_space", KNOWN),
    SearchFacet("term", _("Tied to a term of office"), "bool", "term_bound", KNOWN),
)
SEARCH_FACET_BY_KEY = {facet.key: facet for facet in SEARCH_FACETS}


@dataclass
class LibraryFilters:
    """What the visitor chose: values per facet (any of them within a facet, all facets together),
    and the words of the full-text search."""

    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict)
    query: str = ""
    ignored: list[str] = field(default_factory=list)  # values that were not understood

    @classmethod
    def parse(cls, data: dict[str, list[str]], query: str = "") -> LibraryFilters:
        """From the query string (``{"theme": ["mobility"], …}``); unknown values are set aside."""
        chosen: dict[str, tuple[str, ...]] = {}
        ignored = []
        for facet in SEARCH_FACETS:
            values = []
            for value in data.get(facet.key, [])[:100]:
                if facet.accepts(value):
                    if value not in values:
                        values.append(value)
                else:
                    ignored.append(value[:50])
            if values:
                chosen[facet.key] = tuple(values)
        return cls(chosen=chosen, query=query.strip()[:200], ignored=ignored)

    def facet_q(self, key: str) -> Q:
        """Any of the chosen values of one facet (``Q()`` when none is chosen)."""
        condition = Q()
        for value in self.chosen.get(key, ()):
            condition |= SEARCH_FACET_BY_KEY[key].value_q(value)
        return condition

    def facets_q(self, *, leave_out: str = "") -> Q:
        """Every facet's choice, but for ``leave_out`` (a facet's counts ignore its own choice)."""
        condition = Q()
        for key in self.chosen:
            if key != leave_out:
                condition &= self.facet_q(key)
        return condition

    def is_chosen(self, key: str, value: str) -> bool:
        return value in self.chosen.get(key, ())

    @property
    def active(self) -> bool:
        return bool(self.chosen or self.query)


def _matching(user: Viewer, filters: LibraryFilters) -> QuerySet[LabProfile]:
    """Visible profiles that match the full-text query (not yet the facets)."""
    profiles = visible_profiles(user)
    if filters.query:
        profiles = profiles.filter(PROFILE_SEARCH.condition(connections[profiles.db], filters.query))
    return profiles


def profile_list(user: Viewer, filters: LibraryFilters) -> QuerySet[LabProfile]:
    """The results: by relevance when there are search words, otherwise by name."""
    profiles = (
        visible_profiles(user)
        .filter(filters.facets_q())
        .select_related("lab")
        .only(*LIST_FIELDS, "lab__slug", "lab__name")
    )
    if words(filters.query):
        return PROFILE_SEARCH.search(profiles, filters.query).order_by(f"-{RANK}", "name", "pk")
    return profiles.order_by("name", "pk")


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    chosen: bool


@dataclass
class FacetCounts:
    facet: SearchFacet
    values: list[FacetValue]

    @property
    def key(self) -> str:
        return self.facet.key

    @property
    def label(self) -> StrOrPromise:
        return self.facet.label

    @property
    def any_chosen(self) -> bool:
        return any(value.chosen for value in self.values)


def decade_label(decade: str) -> str:
    return str(_("not known")) if decade == UNKNOWN_DECADE else f"{decade}–{int(decade) + 9}"


def facet_counts(user: Viewer, filters: LibraryFilters) -> list[FacetCounts]:
    """How many profiles each value of each facet would give, with every other filter as it is.

    A facet's count ignores the choice in its own facet (ticking a second value adds profiles) and
    follows all the others and the search words. One aggregate query, grouped by country and
    decade (the two facets whose values come from the data); the other counts are summed up here.
    """
    numbered: list[tuple[SearchFacet, str]] = []
    aggregates: dict[str, Any] = {}
    for facet in SEARCH_FACETS:
        if facet.dynamic:
            continue
        others = filters.facets_q(leave_out=facet.key)
        for value, _label in facet.choices:
            aggregates[f"c{len(numbered)}"] = Count("pk", filter=facet.value_q(value) & others)
            numbered.append((facet, value))
    aggregates["n_country"] = Count("pk", filter=filters.facets_q(leave_out="country"))
    aggregates["n_decade"] = Count("pk", filter=filters.facets_q(leave_out="decade"))
    # (Any: the rows carry the counts' names, which the typed values() does not know.)
    rows: Any = _matching(user, filters).order_by().values("country", decade=F("founded") / 10).annotate(**aggregates)
    sums: dict[str, int] = defaultdict(int)
    countries: dict[str, int] = defaultdict(int)
    decades: dict[str, int] = defaultdict(int)
    for row in rows:
        for name in aggregates:
            if name.startswith("c"):
                sums[name] += row[name]
        countries[row["country"]] += row["n_country"]
        decade = UNKNOWN_DECADE if row["decade"] is None else str(row["decade"] * 10)
        decades[decade] += row["n_decade"]
    by_facet: dict[str, list[FacetValue]] = defaultdict(list)
    for index, (facet, value) in enumerate(numbered):
        label = str(dict(facet.choices)[value])
        by_facet[facet.key].append(FacetValue(value, label, sums[f"c{index}"], filters.is_chosen(facet.key, value)))
    # Chosen values stay in the list even where nothing matches them.
    for value in filters.chosen.get("country", ()):
        countries.setdefault(value, 0)
    for value in filters.chosen.get("decade", ()):
        decades.setdefault(value, 0)
    by_facet["country"] = sorted(
        (FacetValue(code, country_name(code), n, filters.is_chosen("country", code)) for code, n in countries.items()),
        key=lambda value: sort_key(value.label),
    )
    by_facet["decade"] = sorted(
        (FacetValue(d, decade_label(d), n, filters.is_chosen("decade", d)) for d, n in decades.items()),
        key=lambda value: (value.key == UNKNOWN_DECADE, value.key),
    )
    return [FacetCounts(facet, by_facet[facet.key]) for facet in SEARCH_FACETS]


# --- The world list and the timeline ---------------------------------------------------------


WORLD_NAMED = 12  # labs named per country on the world list


@dataclass
class Country:
    code: str
    name: str
    profiles: list[dict[str, Any]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.profiles)

    @property
    def active(self) -> int:
        return sum(1 for profile in self.profiles if profile["status"] == "active")

    @property
    def ended(self) -> int:
        return sum(1 for profile in self.profiles if profile["status"] == "ended")

    @property
    def unknown(self) -> int:
        return self.count - self.active - self.ended

    @property
    def shown(self) -> list[dict[str, Any]]:
        """The labs the world list names (the others are a link to the library, filtered by the country)."""
        return self.profiles[:WORLD_NAMED]

    @property
    def more(self) -> int:
        return max(self.count - WORLD_NAMED, 0)


def world(user: Viewer, filters: LibraryFilters) -> list[Country]:
    """The profiles (after the filters) grouped by country, the countries by their name. One query."""
    rows = (
        _matching(user, filters)
        .filter(filters.facets_q())
        .order_by("name", "pk")
        .values("slug", "name", "city", "country", "status", "founded", "ended", "lab_id")
    )
    countries: dict[str, Country] = {}
    for row in rows:
        code = row["country"]
        if code not in countries:
            countries[code] = Country(code, country_name(code))
        countries[code].profiles.append(dict(row))
    return sorted(countries.values(), key=lambda country: sort_key(country.name))


def timeline_list(user: Viewer, filters: LibraryFilters) -> QuerySet[LabProfile]:
    """The profiles after the filters, oldest first (those without a founding year last)."""
    return (
        _matching(user, filters)
        .filter(filters.facets_q())
        .only(*LIST_FIELDS)
        .order_by(F("founded").asc(nulls_last=True), "name", "pk")
    )


@dataclass(frozen=True)
class Span:
    first: int
    last: int


def timeline_span(user: Viewer, filters: LibraryFilters) -> Span:
    """The years the timeline's axis covers: from the earliest founding (or end) to this year."""
    bounds = (
        _matching(user, filters)
        .filter(filters.facets_q())
        .aggregate(first_founded=Min("founded"), first_ended=Min("ended"), last_ended=Max("ended"))
    )
    this_year = timezone.localdate().year
    starts = [year for year in (bounds["first_founded"], bounds["first_ended"]) if year is not None]
    first = min(starts, default=this_year - 10)
    last = max(this_year, bounds["last_ended"] or this_year)
    return Span(min(first, last - 1), last)


# --- One profile -------------------------------------------------------------------------------


def profile_detail_queryset() -> QuerySet[LabProfile]:
    return LabProfile.objects.select_related("lab").defer(*SEARCH_FIELDS)


def profile_methods(user: Viewer, profile: LabProfile) -> QuerySet[Method]:
    """The linked methods of the library that you may see, by title."""
    return by_title(visible_methods(user).filter(lab_profiles=profile))


@dataclass
class FactRow:
    key: str
    label: StrOrPromise
    sources: list[str]
    certainty: str
    certainty_label: StrOrPromise
    checked: str
    note: str
    stated: bool  # the profile states something for this fact
    own_statement: bool = False  # a hosted lab's own word, without a source

    @property
    def checked_on(self) -> datetime.date | None:
        """The day of the last check as a date (shown in the reader's format), if it is a valid one."""
        try:
            return datetime.date.fromisoformat(self.checked)
        except ValueError:
            return None

    @property
    def source_items(self) -> list[tuple[str, bool]]:
        """Each source with whether it is a web address (only those are links)."""
        return [(source, source.startswith(("http://", "https://"))) for source in self.sources]


def _empty(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def fact_rows(profile: LabProfile, language: str) -> dict[str, FactRow]:
    """Per fact its sources, certainty (in words), last check and note, in the reader's language."""
    certainties = dict(CERTAINTIES)
    rows = {}
    hosted = profile.lab_id is not None
    for key, fields in FACTS.items():
        item = (profile.facts or {}).get(key) or {}
        certainty = str(item.get("certainty") or "")
        note = item.get(f"note_{language}") or item.get("note_en" if language == "de" else "note_de") or ""
        stated = any(not _empty(getattr(profile, name)) for name in fields if name != "methods")
        sources = [source for source in item.get("sources") or [] if isinstance(source, str)]
        rows[key] = FactRow(
            key=key,
            label=FACT_LABELS[key],
            sources=sources,
            certainty=certainty,
            certainty_label=certainties.get(certainty, ""),
            checked=str(item.get("checked") or ""),
            note=str(note),
            stated=stated or bool(item),
            own_statement=hosted and certainty == "confirmed" and not sources,
        )
    return rows


@dataclass
class Illustration:
    key: str
    title: StrOrPromise
    note: str


def illustrations(profile: LabProfile, language: str) -> list[Illustration]:
    """The playbook's readiness topics this lab illustrates, in the playbook's order."""
    notes = profile.illustrates or {}
    other = "en" if language == "de" else "de"
    return [
        Illustration(d.key, d.title, str(notes[d.key].get(language) or notes[d.key].get(other) or ""))
        for d in DIMENSIONS
        if isinstance(notes.get(d.key), dict)
    ]


def revisions(profile: LabProfile) -> QuerySet[ProfileRevision]:
    return profile.revisions.select_related("author").defer("data").order_by("-number")


def revision_pair(profile: LabProfile, number: int) -> tuple[ProfileRevision | None, ProfileRevision | None]:
    """The revision ``number`` and the one before it (None when it is the first). One query."""
    found = list(profile.revisions.select_related("author").filter(number__lte=number).order_by("-number")[:2])
    if not found or found[0].number != number:
        return None, None
    return found[0], found[1] if len(found) > 1 else None


def dimension_titles(keys: Iterable[str]) -> list[StrOrPromise]:
    return [DIMENSION_BY_KEY[key].title for key in keys if key in DIMENSION_BY_KEY]


# --- Proposals and a lab's own profile (the "edit" part: views/proposals.py, views/own_profile.py) ---


def proposal_queryset() -> QuerySet[ProfileProposal]:
    """Proposals with what their pages show of them (profile, lab, proposer, reviewer)."""
    return ProfileProposal.objects.select_related("profile", "lab", "proposed_by", "reviewed_by")


def proposals_for(user: Viewer, *, status: str = "") -> QuerySet[ProfileProposal]:
    """The review queue of platform admins (every proposal); a person's own proposals for everybody else."""
    proposals = proposal_queryset()
    if not is_platform_admin(user):
        proposals = proposals.filter(proposed_by_id=user.pk) if user.is_authenticated else proposals.none()
    if status:
        proposals = proposals.filter(status=status)
    return proposals.order_by("-created_at", "-id")


def own_profile_of(lab: Lab) -> LabProfile | None:
    """The hosted lab's own profile, if it has one yet."""
    return LabProfile.objects.filter(lab=lab).first()


PROFILE_VIEW_PERM = profile_policy.perm


def own_profile_edit_url(lab: Lab) -> str:
    return reverse("knowledge:own_profile", args=[lab.slug])


@dataclass(frozen=True)
class ProposedValue:
    """One proposed field beside the profile's current value (and its value when it was proposed,
    where that differs from the current one: somebody changed it meanwhile)."""

    name: str
    label: str
    current: str
    proposed: str
    at_proposal: str | None


def _field_label(name: str) -> str:
    return str(capfirst(str(getattr(LabProfile._meta.get_field(name), "verbose_name", name))))


def value_shown(name: str, value: Any, method_titles: Mapping[str, str]) -> str:
    """A stored value of a profile field as a reader sees it ("—" when it states nothing)."""
    if name == "methods" and value:
        return ", ".join(method_titles.get(slug, slug) for slug in value)
    return value_text(name, value) or "—"


def proposal_comparison(proposal: ProfileProposal) -> list[ProposedValue]:
    """The proposed fields, each beside the current value of the profile. Three queries at most."""
    proposed = {name: value for name, value in (proposal.data or {}).items() if name != "facts"}
    profile = proposal.profile
    current = snapshot(profile) if profile is not None else {}
    at_proposal: dict[str, Any] = {}
    if profile is not None and proposal.base_version is not None and proposal.base_version != profile.version:
        at_proposal = (
            ProfileRevision.objects.filter(profile=profile, number=proposal.base_version)
            .values_list("data", flat=True)
            .first()
            or {}
        )
    slugs = set(proposed.get("methods") or []) | set(current.get("methods") or [])
    titles = {method.slug: method.title for method in Method.objects.filter(slug__in=slugs)} if slugs else {}
    rows = []
    fact_fields = [name for fields in FACTS.values() for name in fields]
    for name in (name for name in (*IDENTITY_FIELDS, *fact_fields) if name in proposed):
        then = at_proposal.get(name, current.get(name)) if at_proposal else current.get(name)
        rows.append(
            ProposedValue(
                name=name,
                label=_field_label(name),
                current=value_shown(name, current.get(name), titles) if profile is not None else "",
                proposed=value_shown(name, proposed[name], titles),
                at_proposal=value_shown(name, then, titles) if then != current.get(name) else None,
            )
        )
    return rows


@dataclass(frozen=True)
class FactSources:
    """A fact's sources and certainty: as proposed, or as stored (with the day it was last checked)."""

    key: str
    label: str
    sources: list[str]
    certainty: str
    checked: str = ""


def _certainty_label(key: str) -> str:
    return str(dict(CERTAINTIES).get(key, key))


def proposal_provenance(proposal: ProfileProposal) -> list[FactSources]:
    """The sources the proposer gave for single facts, and the facts marked unverified."""
    given = (proposal.data or {}).get("facts") or {}
    return [
        FactSources(
            key=fact,
            label=str(FACT_LABELS[fact]),
            sources=list(given[fact].get("sources") or []),
            certainty=_certainty_label(given[fact].get("certainty") or "confirmed"),
        )
        for fact in FACTS
        if fact in given
    ]


def facts_to_check(profile: LabProfile) -> list[FactSources]:
    """The facts of a profile that have an entry, with their sources and when they were last checked."""
    stored = profile.facts or {}
    return [
        FactSources(
            key=fact,
            label=str(FACT_LABELS[fact]),
            sources=list(stored[fact].get("sources") or []),
            certainty=_certainty_label(stored[fact].get("certainty") or ""),
            checked=str(stored[fact].get("checked") or ""),
        )
        for fact in FACTS
        if fact in stored
    ]


# --- Compare your lab and the network of labs ------------------------------------------------------
# (compare.py scores; views/compare.py and views/network.py, contributions.py read through these.)


def own_profile(lab: Lab) -> LabProfile:
    """The lab's own profile, or an empty one (not saved) when its managers have not filled it yet."""
    profile = own_profile_of(lab)
    if profile is None:
        profile = LabProfile(lab=lab, name=lab.name, city=lab.city, country="", website=lab.website)
    return profile


def own_profile_link(lab: Lab) -> LabProfile | None:
    """The lab's saved profile (for a link to it), or None."""
    return LabProfile.objects.filter(lab=lab).only("id", "slug", "name", "lab_id").first()


def similar_labs(own: LabProfile, *, limit: int = compare.RANKED) -> list[compare.Match]:
    """Labs like yours: the case-study labs most like ``own``, best first, with the reasons. Two
    queries: the compared columns of every case study (plain rows, scored in Python), then the
    best ones as profiles."""
    rows = LabProfile.objects.filter(lab__isnull=True).values_list(*compare.row_fields(own))
    best = compare.best_rows(own, rows, limit=limit)
    profiles = LabProfile.objects.only(*compare.COMPARE_FIELDS).in_bulk(best) if best else {}
    return [compare.compare(own, profiles[pk]) for pk in best if pk in profiles]


def comparable_profiles_by_slug(user: Viewer, slugs: list[str]) -> dict[str, LabProfile]:
    """The profiles of ``slugs`` that ``user`` may see (case studies, visible hosted labs), by slug."""
    profiles = profile_policy.visible(user, LabProfile.objects.filter(slug__in=slugs))
    return {profile.slug: profile for profile in profiles}


def comparable_profiles_search(user: Viewer, query: str, *, exclude_lab: Lab, limit: int) -> list[LabProfile]:
    """Profiles ``user`` may see whose name or city contains every word of ``query`` (not ``exclude_lab``'s)."""
    condition = Q()
    for word in query.split()[:8]:
        condition &= Q(name__icontains=word) | Q(city__icontains=word)
    profiles = profile_policy.visible(user, LabProfile.objects.filter(condition)).exclude(lab=exclude_lab)
    return list(profiles.only(*compare.COMPARE_FIELDS).order_by("name", "pk")[:limit])


@dataclass
class LabRelations:
    """A lab's partners and role models (each a list of ``LabRelation`` with its target)."""

    partners: list[LabRelation] = field(default_factory=list)
    role_models: list[LabRelation] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, StrOrPromise, list[LabRelation]]]:
        return [
            (RelationKind.PARTNER.value, _("Partners"), self.partners),
            (RelationKind.ROLE_MODEL.value, _("Role models"), self.role_models),
        ]


@dataclass
class Relations:
    """Relations read in one query, grouped by the lab that names them and by the lab named."""

    rows: list[LabRelation]

    def of_lab(self, lab_id: int) -> LabRelations:
        grouped = LabRelations()
        for relation in self.rows:
            if relation.lab_id == lab_id:
                kind = grouped.partners if relation.kind == RelationKind.PARTNER else grouped.role_models
                kind.append(relation)
        return grouped

    def marking(self, profile_id: int) -> list[LabRelation]:
        return [relation for relation in self.rows if relation.target_id == profile_id]


def visible_relations(user: Viewer, *, lab: Lab | None = None) -> Relations:
    """The relations ``user`` may see (both labs seen), of one lab or of all; one query."""
    relations = relation_policy.visible(user, LabRelation.objects.all())
    if lab is not None:
        relations = relations.filter(lab=lab)
    relations = relations.select_related("lab", "target").order_by("target__name", "target_id", "kind", "pk")
    return Relations(list(relations))


def marked_by(user: Viewer, lab: Lab) -> list[LabRelation]:
    """Who names ``lab`` as partner or role model (what ``user`` may see of it)."""
    relations = relation_policy.visible(user, LabRelation.objects.filter(target__lab=lab))
    return list(relations.select_related("lab", "target").order_by("lab__name", "lab_id", "kind", "pk"))


def lab_relation(lab: Lab, pk: int) -> LabRelation | None:
    """The relation ``pk`` of ``lab`` (None when it is not, or no longer, there)."""
    return LabRelation.objects.select_related("target").filter(pk=pk, lab=lab).first()


def network_labs(user: Viewer) -> QuerySet[Lab]:
    """The labs of this installation that ``user`` may see, with their profiles."""
    return lab_policy.visible(user, Lab.objects.all()).select_related("profile").order_by("name", "pk")


def case_study_profiles() -> QuerySet[LabProfile]:
    return (
        LabProfile.objects.filter(lab__isnull=True)
        .only("id", "slug", "name", "city", "country", "website", "lab_id")
        .order_by("name", "pk")
    )


def relation_candidates(user: Viewer, lab: Lab) -> tuple[list[LabProfile], list[Lab]]:
    """What ``lab`` may name: every case study, and the other hosted labs ``user`` may see."""
    case_studies = list(case_study_profiles())
    hosted = list(
        lab_policy.visible(user, Lab.objects.exclude(pk=lab.pk)).only("id", "slug", "name").order_by("name", "pk")
    )
    return case_studies, hosted


@dataclass(frozen=True)
class Example:
    """A case-study lab that illustrates a readiness dimension, with its note in the reader's language."""

    profile: LabProfile
    note: str
    language: str


def dimension_examples() -> dict[str, list[Example]]:
    """Per readiness dimension of the playbook, the case studies that illustrate it (one query)."""
    keys = [dimension.key for dimension in DIMENSIONS]
    profiles = (
        LabProfile.objects.filter(lab__isnull=True, illustrates__has_any_keys=keys)
        .only("id", "slug", "name", "illustrates")
        .order_by("name", "pk")
    )
    language = (translation.get_language() or "de")[:2]
    other = "en" if language == "de" else "de"
    examples: dict[str, list[Example]] = {}
    for profile in profiles:
        for key in keys:
            note = (profile.illustrates or {}).get(key)
            if not isinstance(note, dict):
                continue
            text, used = (note.get(language), language) if note.get(language) else (note.get(other) or "", other)
            examples.setdefault(key, []).append(Example(profile, str(text), used))
    return examples
