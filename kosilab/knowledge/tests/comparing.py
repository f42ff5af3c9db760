"""Helpers for the tests of "compare your lab" and the network of labs: profiles written straight
into the database (the services' rules are tested with the services)."""

from __future__ import annotations

from typing import Any

from kosilab.knowledge.models import LabProfile, LabRelation
from kosilab.labs.models import Lab


def case_study(slug: str, name: str | None = None, **values: Any) -> LabProfile:
    values.setdefault("country", "DE")
    values.setdefault("city", "Essen")
    return LabProfile.objects.create(slug=slug, name=name or slug.replace("-", " ").title(), **values)


def own_profile(lab: Lab, **values: Any) -> LabProfile:
    values.setdefault("country", "DE")
    values.setdefault("city", lab.city)
    profile, _created = LabProfile.objects.update_or_create(
        lab=lab, defaults={"slug": f"{lab.slug}-profile", "name": lab.name, **values}
    )
    return profile


def only_these_case_studies() -> None:
    """Leave out the case studies of the data files, so that a test knows every lab it ranks."""
    LabProfile.objects.filter(lab__isnull=True).delete()


def relate(lab: Lab, target: LabProfile, kind: str = "partner", note: str = "") -> LabRelation:
    return LabRelation.objects.create(lab=lab, target=target, kind=kind, note=note)


OWN_FACETS: dict[str, Any] = {
    "positions": ["edge"],
    "host_types": ["association"],
    "levels": ["municipal"],
    "funding": ["eu_grant", "project"],
    "themes": ["mobility", "ageing_care"],
    "sectors": ["public", "civil_society"],
    "founded": 2016,
    "team_size": 4,
    "has_space": True,
    "term_bound": False,
}
