"""Synthetic organisations and profiles in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py).

The first organisations of a batch host its labs (one each, in the lab's city); the lab teams, the
first people of the batch, work for their lab's host. Also the word lists the apps above draw on
(cities, districts, interests, public units).
"""

from __future__ import annotations

from django.utils.text import slugify

from kosilab.accounts.models import User
from kosilab.accounts.scale import LAST_NAMES, STAFF_PER_LAB, staff_count
from kosilab.actors.models import Organisation, Profile, Visibility
from kosilab.core.scale import ScaleContext, explicit_timestamps
from kosilab.core.sectors import Sector

CITIES = [
    "Köln", "Düsseldorf", "Dortmund", "Essen", "Duisburg", "Bochum", "Wuppertal", "Bielefeld", "Bonn",
    "Münster", "Mönchengladbach", "Gelsenkirchen", "Aachen", "Krefeld", "Oberhausen", "Hagen", "Hamm",
    "Mülheim an der Ruhr", "Leverkusen", "Solingen", "Herne", "Neuss", "Paderborn", "Bottrop",
    "Recklinghausen", "Bergisch Gladbach", "Remscheid", "Moers", "Siegen", "Gütersloh", "Witten",
    "Iserlohn", "Düren", "Ratingen", "Lünen", "Marl", "Velbert", "Minden", "Viersen", "Gladbeck", "Unna",
    "Detmold", "Arnsberg", "Castrop-Rauxel", "Dinslaken", "Lippstadt", "Herford", "Kerpen", "Bocholt",
    "Troisdorf",
]  # fmt: skip
CITY_WEIGHTS = [10, 7, 7, 7, 6, 5, 5, 4, 4, 4] + [2] * 15 + [1] * (len(CITIES) - 25)
DISTRICTS = ["Nord", "Süd", "Ost", "West", "Mitte", "Altstadt", "Hafen", "Heide", "Berg", "Feld"]
SKILLS = [
    "Moderation", "Projektmanagement", "Stadtplanung", "Design Thinking", "Öffentlichkeitsarbeit",
    "Fördermittelakquise", "Datenanalyse", "Softwareentwicklung", "Sozialarbeit", "Quartiersarbeit",
    "Mediation", "Grafikdesign", "Fotografie", "Finanzen", "Verwaltungsrecht", "Bürgerbeteiligung",
    "Nachhaltigkeitsberatung", "Handwerk", "Gastronomie", "Pflege", "Pädagogik", "Evaluation",
    "Netzwerkarbeit", "Social Media", "Übersetzung", "Veranstaltungsorganisation", "Energieberatung",
    "Mobilitätsplanung", "Gründungsberatung", "Coaching",
]  # fmt: skip
INTERESTS = [
    "Mobilität", "Klimaschutz", "Nachbarschaft", "Bildung", "Digitalisierung", "Wohnen", "Gesundheit",
    "Integration", "Kultur", "Ernährung", "Stadtgrün", "Kreislaufwirtschaft", "Arbeit", "Jugend",
    "Ältere Menschen", "Energie", "Sport", "Teilhabe", "Inklusion", "Soziales Unternehmertum", "Ehrenamt",
    "Demokratie",
]  # fmt: skip
POSITIONS = {
    Sector.PUBLIC: ["Sachbearbeiterin", "Referent für Bürgerbeteiligung", "Amtsleitung", "Quartiersmanagerin",
                    "Klimaschutzmanager", "Sozialplanerin", "Ratsmitglied", "Wirtschaftsförderer"],
    Sector.BUSINESS: ["Geschäftsführerin", "Inhaber", "Projektleiterin", "Gründer", "Vertriebsleiter",
                      "Meisterin", "Nachhaltigkeitsbeauftragte", "Auszubildender"],
    Sector.CIVIL_SOCIETY: ["Vorsitzende", "Ehrenamtlicher", "Koordinatorin", "Sozialarbeiter", "Kassenwartin",
                           "Nachbarschaftsstifter", "Anwohnerin", "Engagierter Bürger"],
    Sector.SCIENCE: ["Professorin", "Wissenschaftlicher Mitarbeiter", "Doktorandin", "Studentin",
                     "Projektkoordinator", "Postdoc", "Lehrbeauftragte"],
}  # fmt: skip
SECTOR_WEIGHTS = {Sector.PUBLIC: 20, Sector.BUSINESS: 30, Sector.CIVIL_SOCIETY: 35, Sector.SCIENCE: 15}
PUBLIC_UNITS = [
    "Amt für Stadtentwicklung", "Sozialamt", "Jugendamt", "Amt für Wohnen", "Umweltamt", "Schulamt",
    "Stabsstelle Bürgerbeteiligung", "Gesundheitsamt", "Kommunales Integrationszentrum", "Kulturbüro",
    "Amt für Digitalisierung", "Stadtplanungsamt", "Amt für Mobilität", "Seniorenbüro", "Klimaschutzbüro",
]  # fmt: skip
PUBLIC_BODIES = [
    "Jobcenter {city}", "Wirtschaftsförderung {city}", "Volkshochschule {city}", "Stadtbibliothek {city}",
    "Quartiersmanagement {city}-{district}", "Bezirksvertretung {city}-{district}", "Stadtwerke {city}",
]  # fmt: skip
BUSINESS_BRANCHES = [
    "Bau", "Energie", "Logistik", "Software", "Druck", "Gartenbau", "Holzbau", "Reinigung", "Catering",
    "Beratung", "Mobilität", "Medien", "Solartechnik", "Fahrradhandel", "Haustechnik", "Pflegedienst",
]  # fmt: skip
BUSINESS_STEMS = ["Ruhr", "Rhein", "Grün", "Nord", "Zukunft", "Stadt", "Quartier", "Hafen", "Lippe", "Emscher"]
BUSINESS_ENDINGS = ["werk", "raum", "kraft", "hof", "labor", "kontor", "wende", "netz", "rad", "küche"]
LEGAL_FORMS = ["GmbH", "GmbH & Co. KG", "eG", "gGmbH", "UG (haftungsbeschränkt)", "AG", "e.K."]
CIVIL_GROUPS = [
    "Nachbarschaftsverein {district} e.V.", "Bürgerverein {city}-{district} e.V.", "Bürgerstiftung {city}",
    "Freiwilligenagentur {city}", "Caritasverband {city} e.V.", "Diakonie {city}", "AWO {city}",
    "Repair-Café {city}-{district}", "Tafel {city} e.V.", "Mehrgenerationenhaus {city}-{district}",
    "Initiative Essbare Stadt {city}", "Radentscheid {city}", "Offene Werkstatt {district} e.V.",
    "Kulturverein {district} e.V.", "Förderverein Grundschule {district} e.V.", "Sportverein {city}-{district} e.V.",
    "Willkommensinitiative {city}-{district}", "Seniorennetzwerk {district}",
]  # fmt: skip
SCIENCE_FIELDS = [
    "Stadtforschung", "Sozialpolitik", "Raumplanung", "Nachhaltigkeitsforschung", "Innovationsforschung",
    "Bildungsforschung", "Gesundheitswissenschaften", "Verkehrswissenschaft", "Soziale Arbeit",
    "Wirtschaftsinformatik", "Partizipationsforschung", "Energiesysteme", "Gerontologie", "Migrationsforschung",
]  # fmt: skip
SCIENCE_BODIES = [
    "Hochschule {city}, Fachbereich {field}", "Institut für {field} {city}",
    "Universität {city}, Lehrstuhl für {field}", "Forschungsstelle {field} {city}", "Zentrum für {field} {city}",
]  # fmt: skip
HOST_NAMES = [
    (Sector.PUBLIC, "Wirtschaftsförderung {city}"),
    (Sector.PUBLIC, "Stadt {city}, Stabsstelle Soziale Innovation"),
    (Sector.CIVIL_SOCIETY, "Freiwilligenagentur {city} e.V."),
    (Sector.PUBLIC, "Stadt {city}, Amt für Stadtentwicklung"),
    (Sector.CIVIL_SOCIETY, "Zentrum für bürgerschaftliches Engagement {city} e.V."),
]
BIO_TEMPLATES = [
    "Lebt seit vielen Jahren in {city} und engagiert sich für {interest}.",
    "Arbeitet zu {interest} und freut sich auf neue Kontakte.",
    "Interessiert sich für {interest} und bringt Erfahrung in {skill} mit.",
]
DESCRIPTIONS = [
    "Engagiert sich in {city} für {interest}.",
    "Arbeitet seit Jahren zu {interest} in der Region.",
    "Partner in mehreren Projekten zu {interest}.",
]


def host_city(ctx: ScaleContext, index: int) -> str:
    """The city of the batch's ``index``-th lab and of its host: the cities in turn, on from earlier batches."""
    return CITIES[(ctx.lab_offset + index) % len(CITIES)]


def _unique(name: str, city: str, taken: set[tuple[str, str]]) -> str:
    candidate = name[:200]
    number = 2
    while (candidate, city) in taken:
        candidate = f"{name[:190]} ({number})"
        number += 1
    taken.add((candidate, city))
    return candidate


def _org_name(ctx: ScaleContext, sector: str, city: str) -> str:
    rng = ctx.rng
    district = rng.choice(DISTRICTS)
    if sector == Sector.PUBLIC:
        if rng.random() < 0.5:
            return f"Stadt {city}, {rng.choice(PUBLIC_UNITS)}"
        return rng.choice(PUBLIC_BODIES).format(city=city, district=district)
    if sector == Sector.BUSINESS:
        form = rng.choice(LEGAL_FORMS)
        if rng.random() < 0.5:
            return f"{rng.choice(LAST_NAMES)} {rng.choice(BUSINESS_BRANCHES)} {form}"
        return f"{rng.choice(BUSINESS_STEMS)}{rng.choice(BUSINESS_ENDINGS)} {city} {form}"
    if sector == Sector.CIVIL_SOCIETY:
        return rng.choice(CIVIL_GROUPS).format(city=city, district=district)
    return rng.choice(SCIENCE_BODIES).format(city=city, field=rng.choice(SCIENCE_FIELDS))


def organisations(ctx: ScaleContext) -> list[Organisation]:
    """``counts.organisations`` organisations, the hosts of the labs first, then one of each sector."""
    rng = ctx.rng
    taken = set(Organisation.objects.values_list("name", "city"))
    objs: list[Organisation] = []
    for index in range(ctx.counts.organisations):
        if index < ctx.counts.labs:
            # The first organisations host the labs, in the lab's city.
            city = host_city(ctx, index)
            sector, template = HOST_NAMES[((ctx.lab_offset + index) // len(CITIES)) % len(HOST_NAMES)]
            name = template.format(city=city)
        else:
            city = rng.choices(CITIES, weights=CITY_WEIGHTS)[0]
            # One of each sector first, so that even a tiny batch has all four at the table.
            extra = index - ctx.counts.labs
            sector = list(Sector)[extra] if extra < len(Sector) else ctx.pick(SECTOR_WEIGHTS)
            for _attempt in range(10):  # a fresh name before falling back to a numbered one
                name = _org_name(ctx, sector, city)
                if (name, city) not in taken:
                    break
        name = _unique(name, city, taken)
        created = ctx.moment(ctx.days_ago(30, 1500))
        objs.append(
            Organisation(
                name=name,
                sector=sector,
                city=city,
                website=f"https://{slugify(name)[:50].strip('-')}.example.org" if rng.random() < 0.6 else "",
                description=rng.choice(DESCRIPTIONS).format(city=city, interest=rng.choice(INTERESTS))
                if rng.random() < 0.7
                else "",
                created_at=created,
                updated_at=created,
            )
        )
    with explicit_timestamps(Organisation):
        saved = ctx.bulk(Organisation, objs)
    ctx.progress(f"{len(saved)} organisations")
    return saved


def profiles(ctx: ScaleContext, users: list[User], organisations: list[Organisation]) -> None:
    """A profile for each of ``users``; the lab teams work for their lab's host, most others for an organisation."""
    rng = ctx.rng
    hosts = organisations[: ctx.counts.labs]
    staff = staff_count(ctx)
    objs: list[Profile] = []
    for index, user in enumerate(users):
        organisation: Organisation | None
        if index < staff:
            organisation = hosts[index // STAFF_PER_LAB]  # the lab team works for the host
        else:
            organisation = rng.choice(organisations) if rng.random() < 0.7 else None
        sector = organisation.sector if organisation else ctx.pick(SECTOR_WEIGHTS)
        interests = rng.sample(INTERESTS, rng.randint(1, 4))
        skills = rng.sample(SKILLS, rng.randint(1, 5))
        objs.append(
            Profile(
                user=user,
                organisation=organisation,
                sector=sector,
                position=rng.choice(POSITIONS[Sector(sector)]) if rng.random() < 0.8 else "",
                skills=", ".join(skills),
                interests=", ".join(interests),
                bio=rng.choice(BIO_TEMPLATES).format(
                    city=organisation.city if organisation else rng.choice(CITIES),
                    interest=interests[0],
                    skill=skills[0],
                )
                if rng.random() < 0.4
                else "",
                visibility=ctx.pick({Visibility.PUBLIC: 35, Visibility.MEMBERS: 50, Visibility.PRIVATE: 15}),
                created_at=user.date_joined,
                updated_at=user.date_joined,
            )
        )
        # Kept on the user object for the groups below (member sectors, on-behalf participation).
        user.profile = objs[-1]
    with explicit_timestamps(Profile):
        ctx.bulk(Profile, objs)
    ctx.progress(f"{len(objs)} profiles")
