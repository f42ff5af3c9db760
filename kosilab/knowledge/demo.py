"""Demo profiles and relations of the labs Dortmund and Wuppertal (docs/knowledge.md).

Written through the services, as the lab managers: each lab's own profile is made from its data
(``own_profile_get_or_create``) and filled (``own_profile_update``), then the labs name their
partners and role models (``relation_create``). Loading twice changes nothing: a profile that is
filled already is left as it is (a manager may have changed it since), and a relation that is
there is read back. Case studies named here that the data files do not have are left out. The
texts describe the demo labs in German and English.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kosilab.accounts.models import User
from kosilab.knowledge.models import LabProfile
from kosilab.knowledge.services import own_profile_get_or_create, own_profile_update, relation_create
from kosilab.labs.demo import demo_labs
from kosilab.labs.models import Lab, LabRole
from kosilab.labs.selectors import lab_team

PROFILES: dict[str, dict[str, Any]] = {
    "dortmund": {
        "summary_de": (
            "Das Labor der Wirtschaftsförderung Dortmund bringt Verwaltung, Unternehmen, Initiativen und "
            "Hochschulen zusammen, damit in der Nordstadt aus sozialunternehmerischen Ideen Arbeit entsteht."
        ),
        "summary_en": (
            "The lab of Dortmund's economic development agency brings together the administration, "
            "businesses, initiatives and universities so that social-enterprise ideas create jobs in the Nordstadt."
        ),
        "founded": 2017,  # as the lab page says (labs/demo.py)
        "stage": "concept_development",
        "positions": ["inside"],
        "host_types": ["economic_development"],
        "host_de": "Wirtschaftsförderung Dortmund, eine Dienststelle der Stadt",
        "host_en": "Dortmund's economic development agency, a department of the city",
        "levels": ["municipal"],
        "mandate_de": "Auftrag des Wirtschaftsdezernats; wissenschaftlich begleitet von der TU Dortmund",
        "mandate_en": "Commissioned by the city's economic affairs department; research partner TU Dortmund",
        "term_bound": False,
        "autonomy": "medium",
        "funding": ["core_budget", "national_programme"],
        "team_size": 3,
        "team_de": "Drei Personen aus Wirtschaftsförderung, Sozialarbeit und Design",
        "team_en": "Three people from economic development, social work and design",
        "has_space": True,
        "space_de": "Werkstattraum im Depot in der Nordstadt",
        "space_en": "A workshop room in the Depot in the Nordstadt",
        "purposes": ["social_entrepreneurship", "solutions"],
        "method_families": ["entrepreneurship", "human_centred_design"],
        "methods": ["design-thinking", "business-model-canvas", "prototyping"],
        "themes": ["employment", "urban_development"],
        "sectors": ["public", "business", "civil_society", "science"],
    },
    "wuppertal": {
        "summary_de": (
            "Das Labor in der Freiwilligenagentur Wuppertal geht von den Fragen der Bürgerinnen und Bürger aus "
            "und erprobt mit ihnen Lösungen im Quartier, zuletzt eine Fahrradgarage und eine Mobilstation."
        ),
        "summary_en": (
            "The lab in Wuppertal's volunteer agency starts from citizens' questions and tries out solutions "
            "with them in the neighbourhood, lately a bicycle garage and a mobility station."
        ),
        "founded": 2017,  # as the lab page says (labs/demo.py)
        "stage": "establishment",
        "positions": ["outside", "edge"],
        "host_types": ["association"],
        "host_de": "Eingetragener Verein, Freiwilligenagentur der Stadt",
        "host_en": "A registered association, the city's volunteer agency",
        "levels": ["municipal"],
        "term_bound": False,
        "autonomy": "high",
        "funding": ["project", "donations"],
        "team_size": 2,
        "team_de": "Zwei Personen aus Sozialwissenschaft und Moderation, dazu Ehrenamtliche",
        "team_en": "Two people from social science and facilitation, with volunteers",
        "has_space": True,
        "purposes": ["engagement", "solutions"],
        "method_families": ["living_lab", "action_research"],
        "methods": ["world-cafe", "neighbourhood-walk"],
        "themes": ["mobility", "civic_engagement"],
        "sectors": ["public", "business", "civil_society", "science"],
    },
}

# lab slug: (profile slug of a case study, or "lab:<slug>" of a demo lab; kind; note in German)
RELATIONS: dict[str, list[tuple[str, str, str]]] = {
    "dortmund": [
        ("social-innovation-center-hannover", "role_model", "Vorbild für unser Gründungsprogramm mit ESF-Mitteln"),
        ("lab:wuppertal", "partner", "Gemeinsame Werkstätten im KoSI-Netzwerk"),
    ],
    "wuppertal": [
        ("la-27e-region", "role_model", "Lernen von der Arbeit in und mit Verwaltungen"),
        ("lab:dortmund", "partner", "Gemeinsame Werkstätten im KoSI-Netzwerk"),
    ],
}


def _manager(lab: Lab) -> User | None:
    membership = lab_team(lab).filter(role=LabRole.MANAGER).first()
    return membership.user if membership else None


def _fill(lab: Lab, manager: User | None, values: dict[str, Any]) -> bool:
    profile = own_profile_get_or_create(lab=lab, actor=manager)
    if profile.positions:  # filled already (by an earlier load or by its managers)
        return False
    own_profile_update(
        lab=lab,
        actor=manager,
        data=values,
        comment="Profil der Demo",
        expected_version=profile.version,
    )
    return True


@transaction.atomic
def load_knowledge_demo() -> bool:
    """Fill the demo labs' profiles and name their partners and role models; whether it added anything."""
    labs = demo_labs()
    if not labs:
        return False
    added = False
    managers = {slug: _manager(lab) for slug, lab in labs.items()}
    for slug, values in PROFILES.items():
        if slug in labs:
            added |= _fill(labs[slug], managers[slug], values)
    case_studies = {
        profile.slug: profile
        for profile in LabProfile.objects.filter(
            lab__isnull=True, slug__in=[target for items in RELATIONS.values() for target, _k, _n in items]
        )
    }
    for slug, items in RELATIONS.items():
        if slug not in labs:
            continue
        for target_key, kind, note in items:
            target: LabProfile | Lab | None = (
                labs.get(target_key.removeprefix("lab:"))
                if target_key.startswith("lab:")
                else case_studies.get(target_key)
            )
            if target is None:
                continue
            _relation, created = relation_create(lab=labs[slug], target=target, kind=kind, note=note, by=managers[slug])
            added |= created
    return added
