"""Demo organisations and profiles: the partners named in the source document, and the demo people.

Organisations marked "(Demo)" are invented so that every sector is at the table. ``load_actors_demo()``
adds the organisations that are missing (through the services) and gives each demo account of
``kosilab.accounts.demo`` a public profile with its organisation and sector; safe to run again.
"""

from __future__ import annotations

from django.db import transaction

from kosilab.accounts.demo import demo_people
from kosilab.actors.models import Organisation, Profile, Visibility
from kosilab.actors.services import organisation_create
from kosilab.core.sectors import Sector

ORGANISATIONS = [
    ("Wirtschaftsförderung Dortmund", Sector.PUBLIC, "Dortmund", "Die Wirtschaftsförderung der Stadt Dortmund."),
    ("Zentrum für gute Taten e.V.", Sector.CIVIL_SOCIETY, "Wuppertal", "Die Wuppertaler Freiwilligenagentur."),
    ("Sozialforschungsstelle der TU Dortmund (sfs)", Sector.SCIENCE, "Dortmund", "Koordiniert den Forschungsverbund."),
    ("Wuppertal Institut für Klima, Umwelt, Energie", Sector.SCIENCE, "Wuppertal", ""),
    ("Institut für Landes- und Stadtentwicklungsforschung (ILS)", Sector.SCIENCE, "Dortmund", ""),
    ("Stadt Wuppertal, Stabsstelle Bürgerbeteiligung und Bürgerengagement", Sector.PUBLIC, "Wuppertal", ""),
    ("Bundesministerium für Bildung und Forschung (BMBF)", Sector.PUBLIC, "Berlin", "Fördert das Projekt im Rahmen von „Kommunen innovativ“."),
    ("Quartiersrad eG (Demo)", Sector.BUSINESS, "Wuppertal", "Erfundene Genossenschaft für die Demo."),
    ("Sozialunternehmen Nordstadt gGmbH (Demo)", Sector.BUSINESS, "Dortmund", "Erfundenes Sozialunternehmen für die Demo."),
    ("Nachbarschaftsverein Ölberg (Demo)", Sector.CIVIL_SOCIETY, "Wuppertal", "Erfundener Verein für die Demo."),
]  # fmt: skip

# email: (organisation, index in ORGANISATIONS or None; the sector of a person without one)
PROFILES = {
    "admin@kosilab.example.org": (None, ""),
    "leitung.dortmund@kosilab.example.org": (0, ""),
    "moderation.dortmund@kosilab.example.org": (2, ""),
    "leitung.wuppertal@kosilab.example.org": (1, ""),
    "moderation.wuppertal@kosilab.example.org": (1, ""),
    "teilnahme@kosilab.example.org": (None, Sector.CIVIL_SOCIETY),
    "verwaltung@kosilab.example.org": (5, ""),
    "unternehmen@kosilab.example.org": (7, ""),
    "wissenschaft@kosilab.example.org": (3, ""),
    "sozialunternehmen@kosilab.example.org": (8, ""),
    "nachbarschaft@kosilab.example.org": (9, ""),
}


def demo_organisation(name: str) -> Organisation | None:
    """The demo organisation called ``name`` (one of ORGANISATIONS), if it is there."""
    city = next(city for known, _sector, city, _text in ORGANISATIONS if known == name)
    return Organisation.objects.filter(name=name, city=city).first()


@transaction.atomic
def load_actors_demo() -> bool:
    """Add the missing demo organisations and set the demo people's profiles. True when organisations were added."""
    orgs: list[Organisation] = []
    added = False
    for name, sector, city, text in ORGANISATIONS:
        org = Organisation.objects.filter(name=name, city=city).first()
        if org is None:
            org = organisation_create(by=None, name=name, sector=sector, city=city, description=text)
            added = True
        orgs.append(org)
    people = demo_people()
    for email, (org_index, own_sector) in PROFILES.items():
        if email not in people:
            continue
        org = orgs[org_index] if org_index is not None else None
        Profile.objects.update_or_create(
            user=people[email],
            defaults={
                "organisation": org,
                "sector": org.sector if org else own_sector,
                "visibility": Visibility.PUBLIC,
            },
        )
    return added
