"""What the platform already knows about a hosted lab, offered beside the fields of its own profile.

Read-only, in a fixed number of queries (``tests/test_prefill.py`` pins it): nothing is written
until a manager takes a suggestion over and saves the form.

- sectors at the table: the sectors of the people in the teams of the lab's processes (as stored
  on the membership) and of those who take part in its challenges (their organisation's sector,
  else their own);
- lifecycle stage: the furthest phase of the lab's playbook with any progress;
- methods: the library methods used in the blocks of the lab's session plans (a lab's own copy
  counts as the library method it was adapted from), and the method families they belong to
  where that is obvious (``METHOD_FAMILIES``);
- team size: the lab's team; founded: the lab's founding year;
- host: a hint from the sector of the host organisation;
- evidence of impact: how many processes, results and handovers of results the lab has here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext as _

from kosilab.actors.models import Organisation
from kosilab.challenges.models import Participation
from kosilab.continuation.models import Handover, HandoverStatus
from kosilab.core.sectors import Sector
from kosilab.knowledge.facets import FACET_BY_KEY, HOST_TYPES
from kosilab.labs.models import Lab, LabMembership
from kosilab.planning.models import Block
from kosilab.playbook.selectors import lab_progress
from kosilab.processes.models import Process, ProcessMember
from kosilab.results.models import Result

# Library methods whose family is obvious (slugs of kosilab/methods/data → METHOD_FAMILIES keys).
METHOD_FAMILIES: dict[str, str] = {
    "design-thinking": "human_centred_design",
    "persona": "human_centred_design",
    "empathy-map": "human_centred_design",
    "customer-journey-map": "human_centred_design",
    "user-interviews": "human_centred_design",
    "prototyping": "human_centred_design",
    "storyboard": "human_centred_design",
    "feedback-capture-grid": "human_centred_design",
    "value-proposition-canvas": "human_centred_design",
    "crazy-eights": "human_centred_design",
    "scenario-planning": "systemic_design",
    "zukunftswerkstatt": "systemic_design",
    "theory-of-change": "systemic_design",
    "stakeholder-mapping": "systemic_design",
    "problem-tree": "systemic_design",
    "hackathon": "civic_tech",
    "ideas-fair": "challenges",
    "appreciative-inquiry": "action_research",
    "field-test": "living_lab",
    "planungszelle": "living_lab",
    "business-model-canvas": "entrepreneurship",
    "elevator-pitch": "entrepreneurship",
    "retrospective": "agile",
}
# The host organisation's sector as a hint for the kind of host.
HOST_HINTS: dict[str, str] = {
    Sector.PUBLIC: "government_department",
    Sector.CIVIL_SOCIETY: "association",
    Sector.SCIENCE: "university",
    Sector.BUSINESS: "company",
}


@dataclass(frozen=True)
class Suggestion:
    """A value for one field of the profile form, how to show it, and where it comes from."""

    value: Any
    shown: str
    reason: str


def _labels(field: str, keys: list[str]) -> str:
    facet = next(facet for facet in FACET_BY_KEY.values() if facet.field == field)
    labels = facet.labels
    return ", ".join(str(labels.get(key, key)) for key in keys)


def _sectors(lab: Lab) -> Suggestion | None:
    teams = dict(
        ProcessMember.objects.filter(process__lab=lab)
        .values("sector")
        .annotate(people=Count("user", distinct=True))
        .values_list("sector", "people")
    )
    sector = Coalesce(NullIf("organisation__sector", Value("")), NullIf("user__profile__sector", Value("")))
    taking_part = dict(
        Participation.objects.filter(challenge__lab=lab)
        .annotate(brought=sector)
        .values("brought")
        .annotate(people=Count("user", distinct=True))
        .values_list("brought", "people")
    )
    counts = {s.value: teams.get(s.value, 0) + taking_part.get(s.value, 0) for s in Sector}
    keys = [s.value for s in Sector if counts[s.value]]
    if not keys:
        return None
    reason = _("People at the table in its processes' teams and its challenges: %(counts)s.") % {
        "counts": ", ".join(f"{Sector(key).label} {counts[key]}" for key in keys)
    }
    return Suggestion(keys, _labels("sectors", keys), reason)


def _stage(lab: Lab) -> Suggestion | None:
    started = [row for row in lab_progress(lab) if row.started]
    if not started:
        return None
    furthest = started[-1]
    reason = _("The furthest phase of its playbook with progress (%(percent)d%% done).") % {"percent": furthest.percent}
    return Suggestion(furthest.phase.key, str(furthest.phase.title), reason)


def _methods(lab: Lab) -> tuple[Suggestion | None, Suggestion | None]:
    rows = (
        Block.objects.filter(session__lab=lab, method__isnull=False)
        .values_list("method__slug", "method__lab_id", "method__based_on__slug", "method__based_on__lab_id")
        .distinct()
    )
    slugs: set[str] = set()
    for slug, lab_id, base_slug, base_lab_id in rows:
        if lab_id is None:
            slugs.add(slug)
        elif base_slug and base_lab_id is None:
            slugs.add(base_slug)
    if not slugs:
        return None, None
    chosen = sorted(slugs)
    methods = Suggestion(
        chosen,
        ", ".join(chosen),
        _("Library methods in the blocks of its session plans: %(count)d.") % {"count": len(chosen)},
    )
    family_order = [key for key, _label in FACET_BY_KEY["method"].choices]
    families = sorted({METHOD_FAMILIES[slug] for slug in chosen if slug in METHOD_FAMILIES}, key=family_order.index)
    if not families:
        return methods, None
    return methods, Suggestion(
        families, _labels("method_families", families), _("The families of the methods in its session plans.")
    )


def _counts(lab: Lab) -> dict[str, int]:
    processes = Process.objects.filter(lab=lab).count()
    results = Result.objects.filter(lab=lab).count()
    handovers = Handover.objects.filter(result__lab=lab).aggregate(
        total=Count("id"), continued=Count("id", filter=Q(status=HandoverStatus.CONTINUED))
    )
    team = LabMembership.objects.filter(lab=lab).count()
    return {
        "processes": processes,
        "results": results,
        "handovers": handovers["total"] or 0,
        "continued": handovers["continued"] or 0,
        "team": team,
    }


def _impact_text(counts: dict[str, int], language: str) -> str:
    with translation.override(language):
        return (
            _(
                # Counts after their labels read right for any number (1 as well as 2).
                "On this platform – lab processes: %(processes)d, results: %(results)d, handovers of "
                "results: %(handovers)d, of them continued: %(continued)d."
            )
            % counts
        )


def lab_suggestions(*, lab: Lab) -> dict[str, Suggestion]:
    """Suggestions per field of the profile form (``ProfileForm``) for a hosted lab. Ten queries."""
    found: dict[str, Suggestion | None] = {}
    found["sectors"] = _sectors(lab)
    found["stage"] = _stage(lab)
    found["methods"], found["method_families"] = _methods(lab)
    counts = _counts(lab)
    if counts["team"]:
        found["team_size"] = Suggestion(
            counts["team"], str(counts["team"]), _("Managers and facilitators in the lab's team here.")
        )
    if lab.founded:
        found["founded"] = Suggestion(lab.founded, str(lab.founded), _("The founding year on the lab's page."))
    host_sector = Organisation.objects.filter(pk=lab.host_id).values_list("sector", flat=True).first()
    if host_sector in HOST_HINTS:
        key = HOST_HINTS[host_sector]
        found["host_types"] = Suggestion(
            [key],
            str(dict(HOST_TYPES)[key]),
            _("The host organisation belongs to the sector “%(sector)s”.") % {"sector": Sector(host_sector).label},
        )
    if counts["processes"]:
        reason = _("Counted from its processes, results and handovers here.")
        for language in ("de", "en"):
            text = _impact_text(counts, language)
            found[f"impact_{language}"] = Suggestion(text, text, reason)
    return {name: suggestion for name, suggestion in found.items() if suggestion is not None}
