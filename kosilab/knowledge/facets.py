"""The facets on which labs are described, searched and compared (issue 11; docs/knowledge.md).

One vocabulary for the case-study labs of the library and for the labs run on this installation:
the data files, the search's facet counts, the profile form and "labs like yours" all read it. The
keys are stored (in the data files and in the database): never change a released key; labels may
change freely. The facets follow the typologies of public-sector and social-innovation labs
(Ryan's inside / edge / outside; Nesta's i-teams; JRC policy labs; Tõnurist, Kattel and Lember;
the IRAS 2024 typology; KoSI's ideal types; the playbook's phases).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from kosilab.core.sectors import Sector
from kosilab.playbook.content import PHASES as PLAYBOOK_PHASES

Choices = tuple[tuple[str, StrOrPromise], ...]

POSITIONS: Choices = (
    ("inside", _("inside government")),
    ("edge", _("on the edge of government")),
    ("outside", _("outside government")),
)

HOST_TYPES: Choices = (
    ("government_department", _("ministry or city department")),
    ("regional_authority", _("regional authority")),
    ("economic_development", _("economic development agency")),
    ("public_foundation", _("public foundation")),
    ("association", _("association or NGO")),
    ("university", _("university")),
    ("company", _("company")),
    ("project", _("time-limited project")),
)

LEVELS: Choices = (
    ("national", _("national")),
    ("regional", _("regional")),
    ("metropolitan", _("metropolitan region")),
    ("municipal", _("municipal")),
    ("cross_border", _("cross-border")),
)

AUTONOMY: Choices = (
    ("low", pgettext_lazy("autonomy", "low")),
    ("medium", pgettext_lazy("autonomy", "medium")),
    ("high", pgettext_lazy("autonomy", "high")),
)

FUNDING: Choices = (
    ("core_budget", _("core budget of a public body")),
    ("project", _("project or pilot money")),
    ("eu_grant", _("EU or ESF grant")),
    ("national_programme", _("national funding programme")),
    ("fee_for_service", _("fees for services")),
    ("endowment", _("endowment or foundation")),
    ("multi_agency", _("pooled by several agencies")),
    ("donations", _("donations and sponsoring")),
)

PURPOSES: Choices = (
    ("solutions", _("solve specific challenges")),
    ("engagement", _("engage citizens and partners")),
    ("transformation", _("transform government's ways of working")),
    ("systems_change", _("change policies and systems")),
    ("social_entrepreneurship", _("foster social entrepreneurship")),
    ("capacity_building", _("build skills and capacity")),
)

METHOD_FAMILIES: Choices = (
    ("human_centred_design", _("human-centred and service design")),
    ("systemic_design", _("systemic design and foresight")),
    ("behavioural_insights", _("behavioural insights and experiments")),
    ("civic_tech", _("civic tech and open data")),
    ("challenges", _("challenges and prizes")),
    ("action_research", _("action research")),
    ("living_lab", _("living lab and co-production")),
    ("entrepreneurship", _("entrepreneurship programmes")),
    ("agile", _("agile ways of working")),
)

THEMES: Choices = (
    ("employment", _("work and employment")),
    ("ageing_care", _("ageing and care")),
    ("children_families", _("children, youth and families")),
    ("education", _("education")),
    ("health", _("health")),
    ("mobility", _("mobility")),
    ("urban_development", _("urban development and housing")),
    ("environment", _("climate and environment")),
    ("civic_engagement", _("civic engagement")),
    ("inclusion", _("inclusion and migration")),
    ("digital_services", _("digital public services")),
    ("open_government", _("open government")),
    ("economy", _("economy and regulation")),
    ("culture", _("culture")),
)

SECTORS: Choices = tuple((sector.value, sector.label) for sector in Sector)

STAGES: Choices = tuple((phase.key, phase.title) for phase in PLAYBOOK_PHASES)

STATUSES: Choices = (
    ("active", _("active")),
    ("ended", _("ended")),
    ("unknown", _("not known")),
)

END_MODES: Choices = (
    ("closed", _("closed")),
    ("pilot_ended", _("ended as planned (pilot)")),
    ("absorbed", _("absorbed into another body")),
    ("merged", _("merged")),
    ("spun_out", _("spun out")),
    ("renamed", _("moved and renamed")),
    ("archived", _("archived")),
)

END_REASONS: Choices = (
    ("sponsor_priorities", _("the sponsor changed its priorities")),
    ("term_ended", _("a term of office ended")),
    ("host_strategy", _("the host changed its strategy")),
    ("funding_ended", _("the pilot's funding ran out")),
    ("consolidation", _("consolidation with another body")),
    ("outgrew_government", _("demand beyond government")),
)

CERTAINTIES: Choices = (
    ("confirmed", _("confirmed by the source")),
    ("unverified", _("unverified")),
    ("conflict", _("sources disagree")),
    ("unrecorded", _("source not recorded")),
)


@dataclass(frozen=True)
class Facet:
    """A facet of the faceted search: the model field that holds it and its vocabulary."""

    key: str
    field: str
    label: StrOrPromise
    choices: Choices
    multiple: bool  # a JSON list of keys; otherwise one key in a CharField

    @property
    def labels(self) -> dict[str, StrOrPromise]:
        return dict(self.choices)


FACETS: tuple[Facet, ...] = (
    Facet("position", "positions", _("Position relative to government"), POSITIONS, True),
    Facet("host", "host_types", _("Host"), HOST_TYPES, True),
    Facet("level", "levels", _("Level of government"), LEVELS, True),
    Facet("autonomy", "autonomy", _("Autonomy"), AUTONOMY, False),
    Facet("funding", "funding", _("Funding model"), FUNDING, True),
    Facet("purpose", "purposes", _("Purpose"), PURPOSES, True),
    Facet("method", "method_families", _("Methods"), METHOD_FAMILIES, True),
    Facet("theme", "themes", _("Themes"), THEMES, True),
    Facet("sector", "sectors", _("Sectors involved"), SECTORS, True),
    Facet("stage", "stage", _("Lifecycle stage"), STAGES, False),
    Facet("status", "status", _("Status"), STATUSES, False),
    Facet("end", "end_mode", _("How it ended"), END_MODES, False),
    Facet("reason", "end_reasons", _("Why it ended"), END_REASONS, True),
)
FACET_BY_KEY: dict[str, Facet] = {facet.key: facet for facet in FACETS}
# The vocabulary of each model field that holds facet keys (a list of keys, or one key).
FIELD_CHOICES: dict[str, Choices] = {facet.field: facet.choices for facet in FACETS}

# The facts of a profile that carry their own sources, certainty and "last checked" date
# (LabProfile.facts). Each names the model fields it covers; the profile page shows one row per fact.
FACTS: dict[str, tuple[str, ...]] = {
    "summary": ("summary_de", "summary_en"),
    "founded": ("founded",),
    "ended": ("ended", "end_mode", "end_reasons", "legacy_de", "legacy_en"),
    "position": ("positions",),
    "host": ("host_types", "host_de", "host_en"),
    "level": ("levels",),
    "mandate": ("mandate_de", "mandate_en", "term_bound"),
    "autonomy": ("autonomy",),
    "funding": ("funding", "budget_de", "budget_en"),
    "team": ("team_size", "team_de", "team_en"),
    "purpose": ("purposes",),
    "methods": ("method_families", "methods"),
    "themes": ("themes",),
    "sectors": ("sectors",),
    "stage": ("stage",),
    "impact": ("impact_de", "impact_en"),
    "space": ("has_space", "space_m2", "space_de", "space_en"),
    "projects": ("projects_de", "projects_en"),
}

FACT_LABELS: dict[str, StrOrPromise] = {
    "summary": _("Summary"),
    "founded": _("Founded"),
    "ended": _("End and legacy"),
    "position": _("Position relative to government"),
    "host": _("Host and legal form"),
    "level": _("Level of government"),
    "mandate": _("Mandate and sponsor"),
    "autonomy": _("Autonomy"),
    "funding": _("Funding and annual budget"),
    "team": _("Team"),
    "purpose": _("Purpose"),
    "methods": _("Methods"),
    "themes": _("Themes"),
    "sectors": _("Sectors involved"),
    "stage": _("Lifecycle stage"),
    "impact": _("Evidence of impact"),
    "space": _("Physical space"),
    "projects": _("Notable projects"),
}
