"""Synthetic challenges in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py): with wanted
sectors and participants (never on a draft), dates that fit their status, and the title a process
started on each would get (kosilab/processes/scale.py starts processes on some).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kosilab.accounts.models import User
from kosilab.accounts.scale import staff_count
from kosilab.challenges.models import Challenge, ChallengeStatus, Participation, ParticipationKind, WantedSector
from kosilab.core.scale import ScaleContext, explicit_timestamps
from kosilab.core.sectors import Sector
from kosilab.labs.scale import LabInfo

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
MESSAGES = [
    "Ich bringe gern meine Erfahrung aus dem Quartier ein.",
    "Wir haben ein ähnliches Projekt schon einmal begleitet.",
    "Ich kann Räume für Treffen anbieten.",
    "Gern auch mit unserer Organisation.",
]
STATUS_WEIGHTS = {
    ChallengeStatus.DRAFT: 10,
    ChallengeStatus.OPEN: 30,
    ChallengeStatus.IN_PROGRESS: 35,
    ChallengeStatus.CLOSED: 25,
}


@dataclass
class ChallengeBatch:
    challenges: list[Challenge]
    joined: dict[int, list[User]]  # challenge id: the people who joined it (not only interested)
    process_title: dict[int, str]  # challenge id: the title a process started on it gets


def contributions_open(challenge_ids: list[int]) -> None:
    """Let the challenges collect ideas (for kosilab/cocreation/scale.py)."""
    Challenge.objects.filter(pk__in=challenge_ids).update(contributions_open=True)


def _challenge_dates(
    ctx: ScaleContext, status: str
) -> tuple[datetime.date | None, datetime.date | None, datetime.date]:
    """(starts_on, ends_on, the day it was written) for a challenge in ``status``."""
    rng = ctx.rng
    if status == ChallengeStatus.DRAFT:
        starts = ctx.today + datetime.timedelta(days=rng.randint(10, 120)) if rng.random() < 0.6 else None
        return starts, None, ctx.days_ago(0, 60)
    if status == ChallengeStatus.OPEN:
        starts = ctx.days_ago(-30, 150)
    elif status == ChallengeStatus.IN_PROGRESS:
        starts = ctx.days_ago(60, 700)
    else:
        starts = ctx.days_ago(300, 1400)
    last = starts + datetime.timedelta(days=rng.randint(30, 420))
    if status == ChallengeStatus.CLOSED:
        last = min(last, ctx.today - datetime.timedelta(days=1))
    elif last < ctx.today:
        last = ctx.today + datetime.timedelta(days=rng.randint(7, 200))
    ends = None if status != ChallengeStatus.CLOSED and rng.random() < 0.1 else last
    written = min(starts - datetime.timedelta(days=rng.randint(0, 45)), ctx.today)
    return starts, ends, written


def challenges(ctx: ScaleContext, labs: list[LabInfo], people: list[User]) -> ChallengeBatch:
    """``counts.challenges`` challenges, spread unevenly over ``labs``; participants from ``people``
    (not the lab teams)."""
    rng = ctx.rng
    lab_weights = [rng.uniform(0.3, 2.0) for _ in labs]
    objs: list[Challenge] = []
    process_titles: list[str] = []
    for _ in range(ctx.counts.challenges):
        info = rng.choices(labs, weights=lab_weights)[0]
        status = ctx.pick(STATUS_WEIGHTS)
        starts, ends, written = _challenge_dates(ctx, status)
        verb, noun = rng.choice(TOPICS)
        place = rng.choice([*PLACES, f"in {info.lab.city}"])
        process_titles.append(f"{noun} {place}")
        created = ctx.moment(written)
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
                updated_at=ctx.between(created, ctx.now) if status != ChallengeStatus.DRAFT else created,
            )
        )
    with explicit_timestamps(Challenge, Participation):
        challenges = ctx.bulk(Challenge, objs)
        # The name a process started on the challenge would get.
        process_title = {c.pk: t for c, t in zip(challenges, process_titles, strict=True)}
        sectors = list(Sector.values)
        wanted = [
            WantedSector(challenge=challenge, sector=sector)
            for challenge in challenges
            for sector in (rng.sample(sectors, rng.randint(1, 4)) if rng.random() < 0.9 else [])
        ]
        ctx.bulk(WantedSector, wanted)
        pool = people[staff_count(ctx) :]
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
                at = ctx.between(challenge.created_at, ctx.now)
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
        ctx.bulk(Participation, participations)
    ctx.progress(f"{len(challenges)} challenges, {len(wanted)} wanted sectors, {len(participations)} participations")
    return ChallengeBatch(challenges=challenges, joined=joined, process_title=process_title)
