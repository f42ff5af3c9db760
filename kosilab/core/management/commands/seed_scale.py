"""Synthetic data at scale, for load tests and benchmarks (see bench/README.md).

Everything is written with ``bulk_create`` straight into the tables, not through the service
functions: no audit entries, no mails, one transaction per group of models. The data follows the
rules the services enforce (phases copied from the lab template, one process per challenge,
member sectors from the profiles, dates in order), so every page works on it.
"""

from __future__ import annotations

import datetime
import random
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from kosilab.accounts.models import User
from kosilab.actors.models import Organisation, Profile, Visibility
from kosilab.challenges.models import Challenge, ChallengeStatus, Participation, ParticipationKind, WantedSector
from kosilab.core.sectors import Sector
from kosilab.events.models import Event, EventKind, EventStatus, Registration, RegistrationStatus
from kosilab.labs.models import DEFAULT_PHASES, Lab, LabMembership, LabRole, PhaseTemplateStep
from kosilab.processes.models import (
    LogEntry,
    MemberRole,
    Milestone,
    PhaseTransition,
    Process,
    ProcessMember,
    ProcessPhase,
    ProcessStatus,
    ProcessVisibility,
)
from kosilab.rooms.models import Booking, Resource, Room

EMAIL_DOMAIN = "scale.example.org"
SLUG_PREFIX = "scale-lab-"
SCALE_PASSWORD = "kosilab-scale"  # noqa: S105 - documented password of the synthetic accounts
BATCH_SIZE = 1000

# What scale 1 means.
BASE_COUNTS = {"labs": 50, "people": 20_000, "organisations": 2_000, "challenges": 5_000, "processes": 5_000}
ROOMS_PER_LAB = 3
RESOURCES_PER_LAB = 4
BOOKING_DAYS = (-60, 120)  # bookings on weekdays from 60 days ago to 120 days ahead, two a day per room
EVENTS_PER_LAB = 40
REGISTRATIONS_PER_EVENT = (5, 40)
OWN_METHODS_PER_LAB = 2
SESSIONS_SHARE = 0.2  # of the running processes have a session plan
BLOCKS_PER_SESSION = (4, 8)
ASSESSMENTS_PER_LAB = (1, 6)
IDEAS_SHARE = 0.3  # of the open challenges collect ideas
IDEAS_PER_CHALLENGE = (3, 30)
COMMENTS_PER_IDEA = (0, 6)
SUPPORTS_PER_IDEA = (0, 25)
RESULTS_PER_PROCESS = (0, 4)
INDICATORS_PER_PROCESS = (0, 3)
MEASUREMENTS_PER_INDICATOR = (1, 12)
STAFF_PER_LAB = 3  # one lab manager, two facilitators

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")


@dataclass(frozen=True)
class Counts:
    labs: int
    people: int
    organisations: int
    challenges: int
    processes: int


def scaled_counts(scale: float) -> Counts:
    """The numbers of labs, people, organisations, challenges and processes for ``scale``."""
    labs = max(1, round(BASE_COUNTS["labs"] * scale))
    return Counts(
        labs=labs,
        # Enough people for the lab teams and a process team besides.
        people=max(round(BASE_COUNTS["people"] * scale), labs * STAFF_PER_LAB + 12),
        # Every lab has its own host; at least one organisation per sector.
        organisations=max(round(BASE_COUNTS["organisations"] * scale), labs + 4),
        challenges=round(BASE_COUNTS["challenges"] * scale),
        processes=round(BASE_COUNTS["processes"] * scale),
    )


# --- Word lists ----------------------------------------------------------------------------------

CITIES = [
    "Köln", "Düsseldorf", "Dortmund", "Essen", "Duisburg", "Bochum", "Wuppertal", "Bielefeld", "Bonn",
    "Münster", "Mönchengladbach", "Gelsenkirchen", "Aachen", "Krefeld", "Oberhausen", "Hagen", "Hamm",
    "Mülheim an der Ruhr", "Leverkusen", "Solingen", "Herne", "Neuss", "Paderborn", "Bottrop",
    "Recklinghausen", "Bergisch Gladbach", "Remscheid", "Moers", "Siegen", "Gütersloh", "Witten",
    "Iserlohn", "Düren", "Ratingen", "Lünen", "Marl", "Velbert", "Minden", "Viersen", "Gladbeck", "Unna",
    "Detmold", "Arnsberg", "Castrop-Rauxel", "Dinslaken", "Lippstadt", "Herford", "Kerpen", "Bocholt",
    "Troisdorf",
]  # fmt: skip
# Bigger cities have more organisations: a rough weight per city, in the order above.
CITY_WEIGHTS = [10, 7, 7, 7, 6, 5, 5, 4, 4, 4] + [2] * 15 + [1] * (len(CITIES) - 25)
DISTRICTS = ["Nord", "Süd", "Ost", "West", "Mitte", "Altstadt", "Hafen", "Heide", "Berg", "Feld"]
STREETS = [
    "Hauptstraße", "Bahnhofstraße", "Marktplatz", "Kirchstraße", "Schulstraße", "Gartenstraße",
    "Lindenallee", "Rathausplatz", "Friedrich-Ebert-Straße", "Königsallee", "Werkstraße", "Hafenweg",
]  # fmt: skip
FIRST_NAMES = [
    "Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannah", "Ilias", "Jana", "Jonas", "Karin",
    "Leon", "Lena", "Mehmet", "Mia", "Noah", "Olga", "Paul", "Petra", "Rania", "Sven", "Sophie", "Thomas",
    "Ursula", "Vera", "Wolfgang", "Yusuf", "Zoe", "Andreas", "Birgit", "Christian", "Dilara", "Emma",
    "Frank", "Gabriele", "Heike", "Ivana", "Jan", "Katharina", "Lukas", "Marie", "Nils", "Oliver", "Pia",
    "Ralf", "Sabine", "Tobias", "Ute", "Volker", "Aylin", "Bernd", "Carla", "Dirk", "Ewa", "Fatma",
    "Gregor", "Helga", "Ingo", "Julia",
]  # fmt: skip
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
    "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
    "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Yılmaz",
    "Kaya", "Demir", "Nowak", "Kowalski", "Özdemir", "Wójcik", "Papadopoulos", "Rossi", "Ivanović",
]  # fmt: skip
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
LAB_FOCUS = [
    "Beschäftigung und Social Entrepreneurship", "Bürgerbeteiligung und Bürgerengagement",
    "Klimaschutz und Mobilität im Quartier", "Gesundes Altern in der Nachbarschaft", "Bildung und Übergänge",
    "Wohnen und Zusammenleben", "Kreislaufwirtschaft und Reparatur", "Digitale Teilhabe",
    "Integration und Vielfalt", "Lebendige Innenstadt",
]  # fmt: skip
# (verb phrase for the question, noun phrase for the process title)
TOPICS = [
    ("sichere Abstellplätze für Fahrräder schaffen", "Fahrradgaragen"),
    ("Menschen ohne Arbeit den Weg in Sozialunternehmen ebnen", "Arbeit in Sozialunternehmen"),
    ("neue Engagierte für die Nachbarschaftshilfe gewinnen", "Nachbarschaftshilfe"),
    ("Leerstand in den Erdgeschossen beleben", "Zwischennutzung von Leerständen"),
    ("ältere Menschen vor Einsamkeit bewahren", "Gemeinsam statt einsam"),
    ("Lebensmittel vor dem Wegwerfen retten", "Foodsharing"),
    ("Reparieren statt Wegwerfen fördern", "Offene Reparaturwerkstatt"),
    ("Schulhöfe nachmittags für alle öffnen", "Offene Schulhöfe"),
    ("bezahlbaren Wohnraum für junge Familien finden", "Wohnraum für Familien"),
    ("Hitze im Sommer erträglicher machen", "Kühle Orte"),
    ("Jugendlichen den Übergang in die Ausbildung erleichtern", "Ausbildungslotsen"),
    ("neu Zugewanderte schneller in Arbeit bringen", "Arbeit für Zugewanderte"),
    ("digitale Angebote der Verwaltung für alle zugänglich machen", "Digitale Sprechstunde"),
    ("die Nahversorgung ohne Auto sichern", "Nahversorgung im Quartier"),
    ("Dächer und Fassaden begrünen", "Grüne Dächer"),
    ("im Altbau gemeinsam Energie sparen", "Energiesparen im Altbau"),
    ("Kinder gesund und regional ernähren", "Gesundes Schulessen"),
    ("Brachflächen für urbanes Gärtnern nutzen", "Gemeinschaftsgärten"),
    ("den Quartiersplatz gemeinsam gestalten", "Quartiersplatz"),
    ("Lastenräder für Handwerk und Handel teilen", "Lastenradverleih"),
    ("Kultur in die Stadtteile bringen", "Kultur vor Ort"),
    ("pflegende Angehörige entlasten", "Entlastung für Pflegende"),
    ("Ehrenamt und Hauptamt besser verbinden", "Engagement-Netzwerk"),
    ("Regenwasser im Stadtteil speichern", "Schwammstadt"),
]
PLACES = [
    "in der Nordstadt", "in der Innenstadt", "im Bahnhofsviertel", "in der Südstadt", "im Hafenquartier",
    "in den Außenbezirken", "im Quartier am Markt", "in der Weststadt", "in den Großwohnsiedlungen",
    "in der ganzen Stadt",
]  # fmt: skip
CONTEXTS = [
    "Im Quartier leben viele Menschen, die von bestehenden Angeboten kaum erreicht werden.",
    "Eine Befragung im Stadtteil hat gezeigt, dass der Bedarf groß ist.",
    "Verwaltung und Initiativen arbeiten bisher nebeneinander statt miteinander.",
    "Der Rat hat beschlossen, neue Wege gemeinsam mit der Stadtgesellschaft zu erproben.",
    "Erste Ideen aus einer Zukunftswerkstatt liegen vor, wurden aber noch nicht erprobt.",
    "Fördermittel für eine Erprobungsphase stehen in Aussicht.",
]
GOALS = [
    "Ein erprobtes Modell, das nach der Laufzeit weitergeführt wird.",
    "Drei Prototypen, die im Quartier getestet wurden.",
    "Ein Netzwerk aus allen vier Sektoren, das die Lösung trägt.",
    "Ein tragfähiges Geschäftsmodell und ein erster Standort.",
    "Eine Empfehlung an den Rat mit Kosten und Trägerschaft.",
]
REASONS = [
    "Die Fragestellung ist geschärft; die Ideen aus den Werkstätten liegen vor.",
    "Der Prototyp wurde im Quartier erprobt und ausgewertet.",
    "Die Finanzierung für die Weiterführung ist gesichert.",
    "Der Ausschuss hat die Weiterführung beschlossen.",
    "Andere Stadtteile wollen das Modell übernehmen.",
    "Die Ergebnisse der Befragung sind ausgewertet.",
    "Ein Träger für den Dauerbetrieb ist gefunden.",
]
MILESTONES = [
    "Auftaktwerkstatt", "Bedarfsanalyse abgeschlossen", "Ideenwerkstatt mit dem Quartier", "Prototyp steht",
    "Erprobung ausgewertet", "Beschluss im Ausschuss", "Finanzierung gesichert", "Abschlussbericht",
    "Übergabe an den Träger", "Öffentliche Präsentation",
]  # fmt: skip
LOG_TEXTS = [
    "Werkstatt mit 25 Personen aus allen vier Sektoren.", "Gespräch mit dem Jobcenter geführt.",
    "Ortsbegehung im Quartier.", "Fördermittelantrag eingereicht.", "Protokoll des Teamtreffens verschickt.",
    "Presseartikel in der Lokalzeitung erschienen.", "Befragung im Stadtteil gestartet.",
    "Neue Mitstreiterinnen aus der Nachbarschaft gewonnen.",
]  # fmt: skip
MESSAGES = [
    "Ich bringe gern meine Erfahrung aus dem Quartier ein.",
    "Wir haben ein ähnliches Projekt schon einmal begleitet.",
    "Ich kann Räume für Treffen anbieten.",
    "Gern auch mit unserer Organisation.",
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
STATUS_WEIGHTS = {
    ChallengeStatus.DRAFT: 10,
    ChallengeStatus.OPEN: 30,
    ChallengeStatus.IN_PROGRESS: 35,
    ChallengeStatus.CLOSED: 25,
}


@contextmanager
def explicit_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the created/updated times we set instead of stamping "now" on every row."""
    saved: list[tuple[models.DateField, bool, bool]] = []
    for model in model_classes:
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


@dataclass
class LabInfo:
    lab: Lab
    manager: User
    facilitators: list[User]
    steps: list[PhaseTemplateStep]


class Seeder:
    """One batch of synthetic data. Numbers in e-mails and slugs continue after earlier batches."""

    def __init__(self, *, counts: Counts, rng: random.Random, out: Any, lab_offset: int, person_offset: int) -> None:
        self.counts = counts
        self.rng = rng
        self.out = out
        self.lab_offset = lab_offset
        self.person_offset = person_offset
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.tz = timezone.get_current_timezone()
        self.created: dict[str, int] = {}
        self.process_title: dict[int, str] = {}
        self.started = time.monotonic()

    # --- helpers ---------------------------------------------------------------------------------

    def _progress(self, text: str) -> None:
        self.out.write(f"  [{time.monotonic() - self.started:6.1f}s] {text}")

    def _bulk(self, model: type[M], objs: Sequence[M]) -> list[M]:
        created = model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
        label = model._meta.label
        self.created[label] = self.created.get(label, 0) + len(created)
        return created

    def _pick(self, weights: dict[T, int]) -> T:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _moment(self, day: datetime.date) -> datetime.datetime:
        """A time during office hours on ``day``, never in the future."""
        at = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(8, 18), self.rng.randint(0, 59)), tzinfo=self.tz
        )
        return min(at, self.now)

    def _between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        share = self.rng.random()  # always drawn, so that the sequence does not depend on the clock
        return start + (end - start) * share if end > start else start

    def _days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    # --- groups ----------------------------------------------------------------------------------

    def run(self) -> None:
        with transaction.atomic():
            organisations = self.organisations()
        with transaction.atomic():
            people = self.people(organisations)
        with transaction.atomic():
            labs = self.labs(organisations, people)
        with transaction.atomic():
            challenges, joined = self.challenges(labs, people)
        with transaction.atomic():
            self.processes(labs, people, challenges, joined)
        with transaction.atomic():
            self.rooms_and_events(labs, people)
        with transaction.atomic():
            self.methods_sessions_playbooks(labs)
        with transaction.atomic():
            self.ideas_results_impact(labs, people)

    def _unique(self, name: str, city: str, taken: set[tuple[str, str]]) -> str:
        candidate = name[:200]
        number = 2
        while (candidate, city) in taken:
            candidate = f"{name[:190]} ({number})"
            number += 1
        taken.add((candidate, city))
        return candidate

    def _org_name(self, sector: str, city: str) -> str:
        rng = self.rng
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

    def _lab_city(self, index: int) -> str:
        return CITIES[(self.lab_offset + index) % len(CITIES)]

    def organisations(self) -> list[Organisation]:
        rng = self.rng
        taken = set(Organisation.objects.values_list("name", "city"))
        objs: list[Organisation] = []
        for index in range(self.counts.organisations):
            if index < self.counts.labs:
                # The first organisations host the labs, in the lab's city.
                city = self._lab_city(index)
                sector, template = HOST_NAMES[((self.lab_offset + index) // len(CITIES)) % len(HOST_NAMES)]
                name = template.format(city=city)
            else:
                city = rng.choices(CITIES, weights=CITY_WEIGHTS)[0]
                # One of each sector first, so that even a tiny batch has all four at the table.
                extra = index - self.counts.labs
                sector = list(Sector)[extra] if extra < len(Sector) else self._pick(SECTOR_WEIGHTS)
                for _attempt in range(10):  # a fresh name before falling back to a numbered one
                    name = self._org_name(sector, city)
                    if (name, city) not in taken:
                        break
            name = self._unique(name, city, taken)
            created = self._moment(self._days_ago(30, 1500))
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
            organisations = self._bulk(Organisation, objs)
        self._progress(f"{len(organisations)} organisations")
        return organisations

    def people(self, organisations: list[Organisation]) -> list[User]:
        rng = self.rng
        password = make_password(SCALE_PASSWORD)  # hashed once, shared by every synthetic account
        hosts = organisations[: self.counts.labs]
        users: list[User] = []
        for index in range(self.counts.people):
            joined = self._moment(self._days_ago(1, 1100))
            active = index < self.counts.labs * STAFF_PER_LAB or rng.random() < 0.97
            users.append(
                User(
                    email=f"person{self.person_offset + index + 1}@{EMAIL_DOMAIN}",
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    language="en" if rng.random() < 0.15 else "de",
                    password=password,
                    is_active=active,
                    date_joined=joined,
                    email_confirmed_at=min(joined + datetime.timedelta(minutes=rng.randint(2, 600)), self.now)
                    if active
                    else None,
                )
            )
        users = self._bulk(User, users)
        self._progress(f"{len(users)} users")

        profiles: list[Profile] = []
        for index, user in enumerate(users):
            organisation: Organisation | None
            if index < self.counts.labs * STAFF_PER_LAB:
                organisation = hosts[index // STAFF_PER_LAB]  # the lab team works for the host
            else:
                organisation = rng.choice(organisations) if rng.random() < 0.7 else None
            sector = organisation.sector if organisation else self._pick(SECTOR_WEIGHTS)
            interests = rng.sample(INTERESTS, rng.randint(1, 4))
            skills = rng.sample(SKILLS, rng.randint(1, 5))
            profiles.append(
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
                    visibility=self._pick({Visibility.PUBLIC: 35, Visibility.MEMBERS: 50, Visibility.PRIVATE: 15}),
                    created_at=user.date_joined,
                    updated_at=user.date_joined,
                )
            )
            # Kept on the user object for the groups below (member sectors, on-behalf participation).
            user.profile = profiles[-1]
        with explicit_timestamps(Profile):
            self._bulk(Profile, profiles)
        self._progress(f"{len(profiles)} profiles")
        return users

    def labs(self, organisations: list[Organisation], people: list[User]) -> list[LabInfo]:
        rng = self.rng
        objs: list[Lab] = []
        for index in range(self.counts.labs):
            number = self.lab_offset + index + 1
            city = self._lab_city(index)
            round_ = (self.lab_offset + index) // len(CITIES)
            name = f"KoSI-Lab {city}" if round_ == 0 else f"KoSI-Lab {city}-{DISTRICTS[(round_ - 1) % len(DISTRICTS)]}"
            manager = people[index * STAFF_PER_LAB]
            created = self._moment(self._days_ago(400, 2500))
            objs.append(
                Lab(
                    name=name,
                    slug=f"{SLUG_PREFIX}{number}",
                    city=city,
                    host=organisations[index],
                    focus=rng.choice(LAB_FOCUS),
                    description=(
                        f"Das {name} bringt Verwaltung, Wirtschaft, Zivilgesellschaft und Wissenschaft "
                        f"zusammen, um Fragen der Stadt {city} gemeinsam zu bearbeiten."
                    ),
                    founded=rng.randint(2016, 2025),
                    contact_name=manager.name,
                    contact_email=manager.email,
                    contact_phone=f"+49 {rng.randint(200, 299)} {rng.randint(100000, 9999999)}",
                    address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}, {rng.randint(40000, 59999)} {city}",
                    website=f"https://{SLUG_PREFIX}{number}.example.org",
                    is_public=rng.random() >= 0.04,
                    created_at=created,
                    updated_at=created,
                )
            )
        with explicit_timestamps(Lab, LabMembership):
            labs = self._bulk(Lab, objs)
            steps = self._bulk(
                PhaseTemplateStep,
                [
                    PhaseTemplateStep(lab=lab, position=position, key=key)
                    for lab in labs
                    for position, (key, _label) in enumerate(DEFAULT_PHASES, 1)
                ],
            )
            memberships: list[LabMembership] = []
            for index, lab in enumerate(labs):
                team = people[index * STAFF_PER_LAB : (index + 1) * STAFF_PER_LAB]
                for position, user in enumerate(team):
                    role = LabRole.MANAGER if position == 0 else LabRole.FACILITATOR
                    memberships.append(
                        LabMembership(
                            lab=lab, user=user, role=role, created_at=lab.created_at, updated_at=lab.created_at
                        )
                    )
            self._bulk(LabMembership, memberships)
        through = Lab.partners.through
        same_city: dict[str, list[Organisation]] = {}
        for organisation in organisations[self.counts.labs :]:
            same_city.setdefault(organisation.city, []).append(organisation)
        partners: list[Any] = []
        for lab in labs:
            candidates = same_city.get(lab.city) or organisations[self.counts.labs :] or organisations
            chosen = rng.sample(candidates, min(len(candidates), rng.randint(2, 6)))
            partners.extend(through(lab_id=lab.pk, organisation_id=org.pk) for org in chosen)
        self._bulk(through, partners)
        steps_by_lab: dict[int, list[PhaseTemplateStep]] = {}
        for step in steps:
            steps_by_lab.setdefault(step.lab_id, []).append(step)
        self._progress(f"{len(labs)} labs with {len(steps)} phase steps, {len(memberships)} team members")
        return [
            LabInfo(
                lab=lab,
                manager=people[index * STAFF_PER_LAB],
                facilitators=people[index * STAFF_PER_LAB + 1 : (index + 1) * STAFF_PER_LAB],
                steps=sorted(steps_by_lab[lab.pk], key=lambda s: s.position),
            )
            for index, lab in enumerate(labs)
        ]

    def _challenge_dates(self, status: str) -> tuple[datetime.date | None, datetime.date | None, datetime.date]:
        """(starts_on, ends_on, the day it was written) for a challenge in ``status``."""
        rng = self.rng
        if status == ChallengeStatus.DRAFT:
            starts = self.today + datetime.timedelta(days=rng.randint(10, 120)) if rng.random() < 0.6 else None
            return starts, None, self._days_ago(0, 60)
        if status == ChallengeStatus.OPEN:
            starts = self._days_ago(-30, 150)
        elif status == ChallengeStatus.IN_PROGRESS:
            starts = self._days_ago(60, 700)
        else:
            starts = self._days_ago(300, 1400)
        last = starts + datetime.timedelta(days=rng.randint(30, 420))
        if status == ChallengeStatus.CLOSED:
            last = min(last, self.today - datetime.timedelta(days=1))
        elif last < self.today:
            last = self.today + datetime.timedelta(days=rng.randint(7, 200))
        ends = None if status != ChallengeStatus.CLOSED and rng.random() < 0.1 else last
        written = min(starts - datetime.timedelta(days=rng.randint(0, 45)), self.today)
        return starts, ends, written

    def challenges(self, labs: list[LabInfo], people: list[User]) -> tuple[list[Challenge], dict[int, list[User]]]:
        rng = self.rng
        lab_weights = [rng.uniform(0.3, 2.0) for _ in labs]
        objs: list[Challenge] = []
        process_titles: list[str] = []
        for _ in range(self.counts.challenges):
            info = rng.choices(labs, weights=lab_weights)[0]
            status = self._pick(STATUS_WEIGHTS)
            starts, ends, written = self._challenge_dates(status)
            verb, noun = rng.choice(TOPICS)
            place = rng.choice([*PLACES, f"in {info.lab.city}"])
            process_titles.append(f"{noun} {place}")
            created = self._moment(written)
            objs.append(
                Challenge(
                    lab=info.lab,
                    title=f"Wie können wir {place} {verb}?",
                    summary=f"Gemeinsam suchen wir nach Wegen, wie wir {place} {verb} können.",
                    context=" ".join(rng.sample(CONTEXTS, 2)),
                    goals=rng.choice(GOALS),
                    status=status,
                    starts_on=starts,
                    ends_on=ends,
                    created_by=rng.choice([info.manager, *info.facilitators]),
                    created_at=created,
                    updated_at=self._between(created, self.now) if status != ChallengeStatus.DRAFT else created,
                )
            )
        with explicit_timestamps(Challenge, Participation):
            challenges = self._bulk(Challenge, objs)
            # The name a process started on the challenge would get.
            self.process_title = {c.pk: t for c, t in zip(challenges, process_titles, strict=True)}
            sectors = list(Sector.values)
            wanted = [
                WantedSector(challenge=challenge, sector=sector)
                for challenge in challenges
                for sector in (rng.sample(sectors, rng.randint(1, 4)) if rng.random() < 0.9 else [])
            ]
            self._bulk(WantedSector, wanted)
            staff = self.counts.labs * STAFF_PER_LAB
            pool = people[staff:]
            participations: list[Participation] = []
            joined: dict[int, list[User]] = {}
            for challenge in challenges:
                if challenge.status == ChallengeStatus.DRAFT:
                    continue  # nobody can join a draft
                for user in rng.sample(pool, min(len(pool), rng.randint(1, 10))):
                    kind = ParticipationKind.JOINED if rng.random() < 0.55 else ParticipationKind.INTERESTED
                    if kind == ParticipationKind.JOINED:
                        joined.setdefault(challenge.pk, []).append(user)
                    organisation = user.profile.organisation
                    at = self._between(challenge.created_at, self.now)
                    participations.append(
                        Participation(
                            challenge=challenge,
                            user=user,
                            organisation=organisation if organisation and rng.random() < 0.5 else None,
                            kind=kind,
                            message=rng.choice(MESSAGES) if rng.random() < 0.2 else "",
                            created_at=at,
                            updated_at=at,
                        )
                    )
            self._bulk(Participation, participations)
        self._progress(
            f"{len(challenges)} challenges, {len(wanted)} wanted sectors, {len(participations)} participations"
        )
        return challenges, joined

    def processes(
        self, labs: list[LabInfo], people: list[User], challenges: list[Challenge], joined: dict[int, list[User]]
    ) -> None:
        rng = self.rng
        by_lab = {info.lab.pk: info for info in labs}
        # About half the processes grew out of a challenge; only those in progress or closed have one.
        candidates = [c for c in challenges if c.status in (ChallengeStatus.IN_PROGRESS, ChallengeStatus.CLOSED)]
        rng.shuffle(candidates)
        linked = candidates[: self.counts.processes // 2]
        lab_weights = [rng.uniform(0.3, 2.0) for _ in labs]

        plans: list[tuple[Process, LabInfo, int, datetime.datetime]] = []  # process, lab, phases reached, end
        for index in range(self.counts.processes):
            challenge = linked[index] if index < len(linked) else None
            if challenge is not None:
                info = by_lab[challenge.lab_id]
                title = self.process_title[challenge.pk]
                summary = challenge.summary
                start_day = challenge.starts_on or challenge.created_at.date()
                started_on = min(start_day + datetime.timedelta(days=rng.randint(0, 60)), self.today)
                if challenge.status == ChallengeStatus.CLOSED:
                    status = ProcessStatus.COMPLETED if rng.random() < 0.7 else ProcessStatus.STOPPED
                else:
                    status = ProcessStatus.RUNNING if rng.random() < 0.9 else ProcessStatus.STOPPED
            else:
                info = rng.choices(labs, weights=lab_weights)[0]
                _verb, noun = rng.choice(TOPICS)
                title = f"{noun} {rng.choice([*PLACES, f'in {info.lab.city}'])}"
                summary = f"Stadt, Nachbarschaft, Wirtschaft und Wissenschaft arbeiten gemeinsam an: {noun}."
                started_on = self._days_ago(0, 1200)
                status = self._pick({ProcessStatus.RUNNING: 65, ProcessStatus.COMPLETED: 25, ProcessStatus.STOPPED: 10})
            total = len(info.steps)
            if status == ProcessStatus.COMPLETED:
                reached = rng.randint(max(1, total - 2), total)
            elif status == ProcessStatus.STOPPED:
                reached = rng.randint(1, min(3, total))
            else:
                reached = min(total, rng.choices(range(1, total + 1), weights=range(total, 0, -1))[0])
            start = self._moment(started_on)
            end = self.now if status == ProcessStatus.RUNNING else self._between(start, self.now)
            process = Process(
                lab=info.lab,
                challenge=challenge,
                title=title[:200],
                summary=summary,
                status=status,
                visibility=ProcessVisibility.PUBLIC if rng.random() < 0.9 else ProcessVisibility.INTERNAL,
                started_on=started_on,
                created_at=start,
                updated_at=end,
            )
            plans.append((process, info, reached, end))

        with explicit_timestamps(Process, PhaseTransition, ProcessMember, Milestone, LogEntry):
            processes = self._bulk(Process, [plan[0] for plan in plans])
            self._progress(f"{len(processes)} processes ({len(linked)} with a challenge)")

            phases: list[ProcessPhase] = []
            timeline: list[list[datetime.datetime]] = []
            for process, info, reached, end in plans:
                cuts = sorted(self._between(process.created_at, end) for _ in range(reached - 1))
                times = [process.created_at, *cuts]
                timeline.append(times)
                for position, step in enumerate(info.steps, 1):
                    phases.append(
                        ProcessPhase(
                            process=process,
                            position=step.position,
                            key=step.key,
                            name=step.name,
                            started_at=times[position - 1] if position <= reached else None,
                            ended_at=times[position] if position < reached else None,
                        )
                    )
            phases = self._bulk(ProcessPhase, phases)
            phases_of: dict[int, list[ProcessPhase]] = {}
            for phase in phases:
                phases_of.setdefault(phase.process_id, []).append(phase)

            transitions: list[PhaseTransition] = []
            for (process, info, reached, _end), times in zip(plans, timeline, strict=True):
                own = phases_of[process.pk]
                process.current_phase = own[reached - 1]
                staff = [info.manager, *info.facilitators]
                for position in range(reached):
                    transitions.append(
                        PhaseTransition(
                            process=process,
                            from_phase=own[position - 1] if position else None,
                            to_phase=own[position],
                            by=rng.choice(staff),
                            at=times[position],
                            reason="Prozess gestartet" if position == 0 else rng.choice(REASONS),
                        )
                    )
            Process.objects.bulk_update(processes, ["current_phase"], batch_size=500)
            self._bulk(PhaseTransition, transitions)
            self._progress(f"{len(phases)} phases, {len(transitions)} phase transitions")

            staff_count = self.counts.labs * STAFF_PER_LAB
            pool = people[staff_count:]
            members: list[ProcessMember] = []
            milestones: list[Milestone] = []
            entries: list[LogEntry] = []
            for process, info, reached, end in plans:
                team: dict[int, tuple[User, str]] = {}
                lead = info.manager if rng.random() < 0.4 else rng.choice(pool)
                team[lead.pk] = (lead, MemberRole.LEAD)
                facilitator = rng.choice(info.facilitators)
                team.setdefault(facilitator.pk, (facilitator, MemberRole.FACILITATOR))
                size = rng.randint(4, 8)
                newcomers = joined.get(process.challenge_id or 0, [])[:3] + rng.sample(pool, min(len(pool), size))
                for user in newcomers:
                    if len(team) >= size:
                        break
                    kind = self._pick({MemberRole.CO_CREATOR: 60, MemberRole.EXPERT: 25, MemberRole.OBSERVER: 15})
                    team.setdefault(user.pk, (user, kind))
                for user, role in team.values():
                    at = self._between(process.created_at, end)
                    members.append(
                        ProcessMember(
                            process=process,
                            user=user,
                            role=role,
                            sector=user.profile.sector,
                            organisation=user.profile.organisation,
                            created_at=at,
                            updated_at=at,
                        )
                    )
                own = phases_of[process.pk]
                for title in rng.sample(MILESTONES, rng.randint(1, 2)):
                    due = process.started_on + datetime.timedelta(days=rng.randint(14, 540))
                    done = (
                        min(due + datetime.timedelta(days=rng.randint(-10, 10)), self.today)
                        if due < self.today and rng.random() < 0.75
                        else None
                    )
                    at = self._between(process.created_at, end)
                    milestones.append(
                        Milestone(
                            process=process,
                            title=title,
                            due_on=due,
                            phase=rng.choice(own[:reached]) if rng.random() < 0.7 else None,
                            done_on=done,
                            created_at=at,
                            updated_at=at,
                        )
                    )
                authors = [user for user, _role in team.values()]
                for _ in range(rng.randint(0, 3)):
                    entries.append(
                        LogEntry(
                            process=process,
                            author=rng.choice(authors),
                            created_at=self._between(process.created_at, end),
                            text=rng.choice(LOG_TEXTS),
                        )
                    )
            self._bulk(ProcessMember, members)
            self._bulk(Milestone, milestones)
            self._bulk(LogEntry, entries)
        self._progress(f"{len(members)} process team members, {len(milestones)} milestones, {len(entries)} log entries")

    def rooms_and_events(self, labs: list[LabInfo], people: list[User]) -> None:
        rng = self.rng
        rooms: list[Room] = []
        resources: list[Resource] = []
        for info in labs:
            for name in rng.sample(ROOM_NAMES, ROOMS_PER_LAB):
                rooms.append(
                    Room(
                        lab=info.lab,
                        name=name,
                        capacity=rng.choice([8, 12, 20, 40, 80]),
                        location=info.lab.address,
                        step_free=rng.random() < 0.7,
                        hearing_loop=rng.random() < 0.3,
                        equipment="Flipchart\nStellwände\nWLAN",
                    )
                )
            for name, quantity in rng.sample(RESOURCE_NAMES, RESOURCES_PER_LAB):
                resources.append(Resource(lab=info.lab, name=name, quantity=quantity))
        rooms = self._bulk(Room, rooms)
        self._bulk(Resource, resources)
        bookings: list[Booking] = []
        first, last = BOOKING_DAYS
        for room in rooms:
            for offset in range(first, last):
                day = self.today + datetime.timedelta(days=offset)
                if day.weekday() >= 5:
                    continue
                for start, end in ((9, 12), (13, 17)):
                    if rng.random() < 0.5:
                        continue
                    bookings.append(
                        Booking(
                            lab_id=room.lab_id,
                            room=room,
                            purpose=f"{rng.choice(INTERESTS)}: Treffen",
                            starts_at=datetime.datetime.combine(day, datetime.time(start), tzinfo=self.tz),
                            ends_at=datetime.datetime.combine(day, datetime.time(end), tzinfo=self.tz),
                            booked_by=rng.choice(labs).manager,
                        )
                    )
        self._bulk(Booking, bookings)
        self._progress(f"{len(rooms)} rooms, {len(resources)} resources, {len(bookings)} bookings")

        events: list[Event] = []
        for info in labs:
            for _ in range(EVENTS_PER_LAB):
                kind = rng.choice(list(EventKind))
                starts = datetime.datetime.combine(
                    self.today + datetime.timedelta(days=rng.randint(-180, 180)),
                    datetime.time(rng.choice([10, 14, 17])),
                    tzinfo=self.tz,
                )
                events.append(
                    Event(
                        lab=info.lab,
                        kind=kind,
                        title=rng.choice(EVENT_TITLES[kind]).format(topic=rng.choice(INTERESTS)),
                        description="Ein offenes Treffen für alle, die mitarbeiten wollen.",
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(hours=rng.choice([2, 3, 6])),
                        address=info.lab.address,
                        capacity=rng.choice([12, 20, 30, 50]),
                        organiser=info.lab.name,
                        status=EventStatus.PUBLISHED if rng.random() < 0.9 else EventStatus.DRAFT,
                        created_by=info.manager,
                    )
                )
        events = self._bulk(Event, events)
        registrations: list[Registration] = []
        for event in events:
            low, high = REGISTRATIONS_PER_EVENT
            for person in rng.sample(people, rng.randint(low, high)):
                seat = event.seats_taken < event.capacity
                if seat:
                    event.seats_taken += 1
                registrations.append(
                    Registration(
                        event=event,
                        user=person,
                        name=person.name,
                        email=person.email,
                        status=RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITING,
                        confirmed_at=self.now if seat else None,
                        attended_at=event.starts_at if seat and event.starts_at < self.now else None,
                    )
                )
        Event.objects.bulk_update(events, ["seats_taken"], batch_size=BATCH_SIZE)
        self._bulk(Registration, registrations)
        self._progress(f"{len(events)} events, {len(registrations)} registrations")

    def methods_sessions_playbooks(self, labs: list[LabInfo]) -> None:
        from kosilab.methods.models import Method
        from kosilab.planning.models import Block, Session
        from kosilab.planning.services import block_default_minutes
        from kosilab.playbook.content import DIMENSIONS, PHASES
        from kosilab.playbook.models import Assessment, AssessmentAnswer, BlockState, Playbook

        rng = self.rng
        shared = list(Method.objects.filter(lab=None).order_by("slug"))
        own: list[Method] = []
        for info in labs:
            for original in rng.sample(shared, min(OWN_METHODS_PER_LAB, len(shared))) if shared else []:
                own.append(
                    Method(
                        slug=f"{info.lab.slug}-{original.slug}",
                        lab=info.lab,
                        based_on=original,
                        **{
                            f"{field}_{code}": getattr(original, f"{field}_{code}")
                            for field in ("title", "summary", "goal", "preparation", "materials", "steps", "tips")
                            for code in ("de", "en")
                        },
                        sources=original.sources,
                        phases=original.phases,
                        group_min=original.group_min,
                        group_max=original.group_max,
                        duration_min=original.duration_min,
                        duration_max=original.duration_max,
                        offline=original.offline,
                        online=original.online,
                        difficulty=original.difficulty,
                        created_by=info.manager,
                    )
                )
        self._bulk(Method, own)

        by_lab = {info.lab.pk: info for info in labs}
        running = list(Process.objects.filter(lab_id__in=by_lab, status=ProcessStatus.RUNNING).order_by("pk"))
        chosen = [p for p in running if rng.random() < SESSIONS_SHARE]
        sessions = [
            Session(
                lab_id=process.lab_id,
                process=process,
                title=f"Sitzung: {process.title[:150]}",
                date=self.today + datetime.timedelta(days=rng.randint(-60, 60)),
                starts_at=datetime.time(rng.choice([9, 10, 14, 17])),
                slot_minutes=rng.choice([120, 180, 240]),
                created_by=by_lab[process.lab_id].facilitators[0],
            )
            for process in chosen
        ]
        sessions = self._bulk(Session, sessions)
        blocks: list[Block] = []
        for session in sessions:
            for position in range(rng.randint(*BLOCKS_PER_SESSION)):
                method = rng.choice(shared) if shared and rng.random() < 0.7 else None
                blocks.append(
                    Block(
                        session=session,
                        position=position,
                        method=method,
                        title=method.title_de if method else rng.choice(["Begrüßung", "Pause", "Abschluss"]),
                        minutes=block_default_minutes(method=method) if method else rng.choice([10, 15, 20]),
                    )
                )
        self._bulk(Block, blocks)

        playbooks = self._bulk(Playbook, [Playbook(lab=info.lab) for info in labs])
        states: list[BlockState] = []
        assessments: list[Assessment] = []
        for playbook, info in zip(playbooks, labs, strict=True):
            reached = rng.randint(0, len(PHASES))
            for number, phase in enumerate(PHASES):
                for block in phase.blocks:
                    if number < reached:
                        states.append(
                            BlockState(
                                playbook=playbook,
                                block_key=block.key,
                                notes="Geklärt in der Steuerungsrunde.",
                                status="done" if number < reached - 1 else "in_progress",
                                updated_by=info.manager,
                            )
                        )
            for index in range(rng.randint(*ASSESSMENTS_PER_LAB)):
                assessments.append(
                    Assessment(
                        playbook=playbook,
                        taken_at=self.now - datetime.timedelta(days=90 * (index + 1)),
                        taken_by=info.manager,
                    )
                )
        self._bulk(BlockState, states)
        assessments = self._bulk(Assessment, assessments)
        answers = [
            AssessmentAnswer(assessment=assessment, question_key=question.key, score=rng.randint(0, 4))
            for assessment in assessments
            for dimension in DIMENSIONS
            for question in dimension.questions
        ]
        self._bulk(AssessmentAnswer, answers)
        self._progress(
            f"{len(own)} own methods, {len(sessions)} session plans with {len(blocks)} blocks, "
            f"{len(playbooks)} playbooks with {len(assessments)} self-assessments"
        )

    def ideas_results_impact(self, labs: list[LabInfo], people: list[User]) -> None:
        from decimal import Decimal

        from kosilab.cocreation.models import Comment, Idea, Support
        from kosilab.continuation.models import Handover
        from kosilab.impact.models import Indicator, Measurement
        from kosilab.results.models import Result

        rng = self.rng
        by_lab = {info.lab.pk: info for info in labs}
        open_challenges = list(Challenge.objects.filter(lab_id__in=by_lab, status=ChallengeStatus.OPEN).order_by("pk"))
        chosen = [c for c in open_challenges if rng.random() < IDEAS_SHARE]
        Challenge.objects.filter(pk__in=[c.pk for c in chosen]).update(contributions_open=True)
        ideas: list[Idea] = []
        plans: list[tuple[int, int]] = []  # comments, supports per idea
        for challenge in chosen:
            for _ in range(rng.randint(*IDEAS_PER_CHALLENGE)):
                comments, supports = rng.randint(*COMMENTS_PER_IDEA), rng.randint(*SUPPORTS_PER_IDEA)
                plans.append((comments, supports))
                ideas.append(
                    Idea(
                        challenge=challenge,
                        lab_id=challenge.lab_id,
                        author=rng.choice(people),
                        title=f"Idee: {rng.choice(INTERESTS)} in {rng.choice(DISTRICTS)}",
                        text="Ein Vorschlag aus der Nachbarschaft, wie es besser gehen könnte.",
                        comment_count=comments,
                        support_count=supports,
                    )
                )
        ideas = self._bulk(Idea, ideas)
        comments_out: list[Comment] = []
        supports_out: list[Support] = []
        for idea, (comments, supports) in zip(ideas, plans, strict=True):
            comments_out += [
                Comment(idea=idea, author=rng.choice(people), text="Gute Idee, das sollten wir ausprobieren.")
                for _ in range(comments)
            ]
            supports_out += [Support(idea=idea, user=user) for user in rng.sample(people, supports)]
        self._bulk(Comment, comments_out)
        self._bulk(Support, supports_out)
        self._progress(f"{len(ideas)} ideas, {len(comments_out)} comments, {len(supports_out)} supports")

        processes = list(Process.objects.filter(lab_id__in=by_lab).order_by("pk"))
        results: list[Result] = []
        for process in processes:
            for _ in range(rng.randint(*RESULTS_PER_PROCESS)):
                results.append(
                    Result(
                        process=process,
                        lab_id=process.lab_id,
                        kind=rng.choice(["decision", "prototype", "test_report"]),
                        title=f"Ergebnis: {rng.choice(INTERESTS)}",
                        summary="Was wir in dieser Phase festgehalten haben.",
                        visibility=rng.choice(["public", "public", "draft"]),
                        created_by=by_lab[process.lab_id].manager,
                    )
                )
        results = self._bulk(Result, results)
        handovers = [
            Handover(
                result=result,
                taker_kind="administration",
                taker_name=f"Stadt, {rng.choice(PUBLIC_UNITS)}",
                form=rng.choice(["regular_service", "project", "administrative_structure"]),
                funding="Kommunaler Haushalt",
                status=rng.choice(["planned", "handing_over", "continued"]),
                created_by=by_lab[result.lab_id].manager,
            )
            for result in results
            if result.visibility == "public" and rng.random() < 0.3
        ]
        self._bulk(Handover, handovers)
        indicators: list[Indicator] = []
        for process in processes:
            for position in range(rng.randint(*INDICATORS_PER_PROCESS)):
                indicators.append(
                    Indicator(
                        lab_id=process.lab_id,
                        process=process,
                        name=f"Beteiligte Menschen ({rng.choice(INTERESTS)})",
                        unit="Personen",
                        level=rng.choice(["input", "output", "outcome", "impact"]),
                        baseline=Decimal(rng.randint(0, 50)),
                        target=Decimal(rng.randint(60, 300)),
                        target_date=self.today + datetime.timedelta(days=rng.randint(100, 900)),
                        sdg=rng.choice([None, 8, 11, 13]),
                        position=position,
                    )
                )
        indicators = self._bulk(Indicator, indicators)
        measurements = [
            Measurement(
                indicator=indicator,
                measured_on=self.today - datetime.timedelta(days=30 * step + 1),
                value=Decimal(rng.randint(0, 300)),
                source="Teilnahmelisten",
            )
            for indicator in indicators
            for step in range(rng.randint(*MEASUREMENTS_PER_INDICATOR))
        ]
        self._bulk(Measurement, measurements)
        self._progress(
            f"{len(results)} results, {len(handovers)} handovers, {len(indicators)} indicators, "
            f"{len(measurements)} measurements"
        )


ROOM_NAMES = ["Werkstatt", "Großer Saal", "Besprechungsraum", "Atelier", "Küche", "Lernraum", "Dachterrasse"]
RESOURCE_NAMES = [("Moderationskoffer", 3), ("Beamer", 2), ("Lastenrad", 2), ("Stellwände", 8), ("Laptop", 5)]
EVENT_TITLES = {
    EventKind.LAB_SESSION: ["Lab-Sitzung: {topic}", "Ideenwerkstatt {topic}", "Prototyp-Test {topic}"],
    EventKind.WORKSHOP: ["Werkstatt Wissenschaft und Praxis: {topic}", "Vernetzungswerkstatt {topic}"],
    EventKind.TRAINING: ["Fortbildung: Methoden für {topic}", "Fortbildung für Kommunen: {topic}"],
    EventKind.PUBLIC: ["Stadtgespräch {topic}", "Tag der offenen Tür: {topic}"],
}


def _highest_number(values: Sequence[str], pattern: str) -> int:
    regex = re.compile(pattern)
    numbers = [int(match.group(1)) for value in values if (match := regex.fullmatch(value))]
    return max(numbers, default=0)


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic data in bulk, for load tests and benchmarks. Scale 1 is 50 labs, "
        "20,000 people, 2,000 organisations, 5,000 challenges and 5,000 lab processes. Writes no audit entries. "
        f"Running it again ADDS A SECOND, DISTINCT BATCH: e-mail addresses (personN@{EMAIL_DOMAIN}) and lab "
        f"slugs ({SLUG_PREFIX}N) continue after the highest existing number. All synthetic accounts have the "
        f"password '{SCALE_PASSWORD}'. Refuses to run with KOSILAB_ENV=production unless --allow-production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 = 50 labs, 20,000 people (default 1.0)")
        parser.add_argument("--seed", type=int, default=1, help="seed of the random generator (default 1)")
        parser.add_argument("--allow-production", action="store_true", help="also run when KOSILAB_ENV is production")

    def handle(self, *args: Any, **options: Any) -> None:
        scale: float = options["scale"]
        seed: int = options["seed"]
        if not scale > 0:
            raise CommandError("--scale must be greater than 0.")
        if getattr(settings, "PRODUCTION", False) and not options["allow_production"]:
            raise CommandError(
                "This is a production installation: seed_scale would add thousands of invented people. "
                "Pass --allow-production if you really mean it."
            )
        counts = scaled_counts(scale)
        lab_offset = _highest_number(
            list(Lab.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)),
            rf"{re.escape(SLUG_PREFIX)}(\d+)",
        )
        person_offset = _highest_number(
            list(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list("email", flat=True)),
            rf"person(\d+)@{re.escape(EMAIL_DOMAIN)}",
        )
        first_batch = lab_offset == 0 and person_offset == 0
        # The first batch is random.Random(seed); later batches mix in where they start, so they differ.
        rng = random.Random(seed if first_batch else f"{seed}/{lab_offset}/{person_offset}")
        self.stdout.write(
            f"Seeding scale {scale:g} (seed {seed}): {counts.labs} labs, {counts.people} people, "
            f"{counts.organisations} organisations, {counts.challenges} challenges, {counts.processes} processes"
            + ("" if first_batch else f"; a further batch after {SLUG_PREFIX}{lab_offset} and person{person_offset}")
        )
        seeder = Seeder(counts=counts, rng=rng, out=self.stdout, lab_offset=lab_offset, person_offset=person_offset)
        seeder.run()
        elapsed = time.monotonic() - seeder.started
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f}s. Rows written:"))
        for label, number in seeder.created.items():
            self.stdout.write(f"  {label:<28} {number:>8}")
        self.stdout.write(f"Synthetic accounts: person{person_offset + 1}@{EMAIL_DOMAIN} … password '{SCALE_PASSWORD}'")
