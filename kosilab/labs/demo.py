"""The demo labs: the KoSI-Labs in Dortmund and Wuppertal, their partners and their teams.

Needs the accounts and organisations of ``kosilab.accounts.demo`` and ``kosilab.actors.demo``.
``load_labs_demo()`` writes through the services, once: it does nothing when the labs are there.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from kosilab.accounts.demo import demo_people
from kosilab.actors.demo import demo_organisation
from kosilab.actors.models import Organisation
from kosilab.labs.models import Lab, LabRole
from kosilab.labs.services import lab_create, lab_team_set

DEMO_LABS = ("dortmund", "wuppertal")

# lab slug: the partners (demo organisations by name)
PARTNERS = {
    "dortmund": [
        "Sozialforschungsstelle der TU Dortmund (sfs)",
        "Institut für Landes- und Stadtentwicklungsforschung (ILS)",
        "Bundesministerium für Bildung und Forschung (BMBF)",
        "Sozialunternehmen Nordstadt gGmbH (Demo)",
    ],
    "wuppertal": [
        "Wuppertal Institut für Klima, Umwelt, Energie",
        "Stadt Wuppertal, Stabsstelle Bürgerbeteiligung und Bürgerengagement",
        "Bundesministerium für Bildung und Forschung (BMBF)",
        "Quartiersrad eG (Demo)",
        "Nachbarschaftsverein Ölberg (Demo)",
    ],
}
# lab slug: (e-mail, role) of the lab team
TEAMS = {
    "dortmund": [
        ("leitung.dortmund@kosilab.example.org", LabRole.MANAGER),
        ("moderation.dortmund@kosilab.example.org", LabRole.FACILITATOR),
    ],
    "wuppertal": [
        ("leitung.wuppertal@kosilab.example.org", LabRole.MANAGER),
        ("moderation.wuppertal@kosilab.example.org", LabRole.FACILITATOR),
    ],
}


def demo_loaded() -> bool:
    """Whether the demo labs are there (the rest of the demo hangs on them)."""
    return Lab.objects.filter(slug__in=DEMO_LABS).exists()


def demo_labs() -> dict[str, Lab]:
    """The demo labs that exist, by slug."""
    return {lab.slug: lab for lab in Lab.objects.filter(slug__in=DEMO_LABS)}


def _organisations(names: list[str]) -> list[Organisation]:
    found = [demo_organisation(name) for name in names]
    return [org for org in found if org is not None]


@transaction.atomic
def load_labs_demo() -> bool:
    """Create the demo labs with their partners and teams. Returns False when they were there."""
    if demo_loaded():
        return False
    people = demo_people()
    admin = people["admin@kosilab.example.org"]
    dortmund = lab_create(
        by=admin,
        name="KoSI-Lab Dortmund",
        slug="dortmund",
        city="Dortmund",
        host=demo_organisation("Wirtschaftsförderung Dortmund"),
        focus="Beschäftigung und Social Entrepreneurship",
        focus_en="Employment and social entrepreneurship",
        description=(
            "Das KoSI-Lab Dortmund wird als neue Struktur bei der Wirtschaftsförderung Dortmund aufgebaut. "
            "Es lotet aus, wie sich verschiedene Lab-Ansätze in einem Zentrum sozialer Innovation verbinden "
            "lassen, und fördert sozial innovative Ansätze für die Stadtgesellschaft und den Wirtschaftsstandort."
        ),
        description_en=(
            "The KoSI-Lab Dortmund is being built as a new unit of Dortmund's economic development agency. It "
            "explores how different lab approaches can be joined in a centre of social innovation, and supports "
            "socially innovative approaches for the city's society and economy."
        ),
        founded=2017,
        address="Grüne Straße 2–8, 44147 Dortmund (Demo-Adresse)",
        latitude=Decimal("51.518000"),
        longitude=Decimal("7.453000"),
        contact_name="Dana Dortmund",
        contact_email="leitung.dortmund@kosilab.example.org",
    )
    wuppertal = lab_create(
        by=admin,
        name="KoSI-Lab Wuppertal",
        slug="wuppertal",
        city="Wuppertal",
        host=demo_organisation("Zentrum für gute Taten e.V."),
        focus="Bürgerschaftliche Innovation: Bürgerbeteiligung und Bürgerengagement",
        focus_en="Civic innovation: citizen participation and civic engagement",
        description=(
            "Das KoSI-Lab Wuppertal wird innerhalb der Freiwilligenagentur „Zentrum für gute Taten e.V.“ "
            "in enger Zusammenarbeit mit der Stadt Wuppertal weiterentwickelt. Es setzt auf Initiativen "
            "aus der Bürgerschaft."
        ),
        founded=2017,
        address="Elberfeld, 42103 Wuppertal (Demo-Adresse)",
        latitude=Decimal("51.256900"),
        longitude=Decimal("7.148400"),
        contact_name="Wiebke Wupper",
        contact_email="leitung.wuppertal@kosilab.example.org",
    )
    labs = {"dortmund": dortmund, "wuppertal": wuppertal}
    for slug, names in PARTNERS.items():
        labs[slug].partners.set(_organisations(names))
    for slug, team in TEAMS.items():
        for email, role in team:
            lab_team_set(lab=labs[slug], user=people[email], role=role, by=admin)
    return True
