"""The demo challenges of the labs in Dortmund and Wuppertal (see ``kosilab.labs.demo``).

Dortmund: the question that led to the Social Innovation Center, and an open call with a
participant. Wuppertal: the bicycle garages, a call for volunteers, and a draft. Written through the
services, with dates from ``DemoCalendar``; a challenge that is already there is left alone.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kosilab.accounts.demo import demo_people
from kosilab.accounts.types import User
from kosilab.challenges.models import Challenge, ChallengeStatus, Participation, ParticipationKind
from kosilab.challenges.services import challenge_create, participation_join
from kosilab.core.demo_dates import DemoCalendar
from kosilab.core.sectors import Sector
from kosilab.labs.demo import demo_labs
from kosilab.labs.models import Lab

SIC = "Wie können sozial innovative Ansätze in der Wirtschaftsförderung dauerhaft verankert werden?"
NORDSTADT = "Wie finden Menschen ohne Arbeit Zugang zu Sozialunternehmen in der Nordstadt?"
GARAGES = "Wie können Fahrräder und Pedelecs im Quartier sicher abgestellt werden?"


def demo_challenge(lab_slug: str, title: str) -> Challenge | None:
    """The demo challenge called ``title`` of the demo lab ``lab_slug``, if it is there."""
    return Challenge.objects.filter(lab__slug=lab_slug, title=title).first()


def _challenge(*, lab: Lab, by: User | None, title: str, wanted_sectors: list[str], **values: Any) -> Challenge | None:
    """Create the challenge unless the lab has one of that title (then None)."""
    if Challenge.objects.filter(lab=lab, title=title).exists():
        return None
    return challenge_create(lab=lab, by=by, title=title, wanted_sectors=wanted_sectors, **values)


@transaction.atomic
def load_challenges_demo(*, cal: DemoCalendar | None = None) -> bool:
    """Add the demo challenges that are missing. Returns False when the labs are missing or nothing was added."""
    labs = demo_labs()
    if len(labs) != 2:
        return False
    dortmund, wuppertal = labs["dortmund"], labs["wuppertal"]
    people = demo_people()
    lead_do = people["leitung.dortmund@kosilab.example.org"]
    lead_wu = people["leitung.wuppertal@kosilab.example.org"]
    cal = cal or DemoCalendar.now()
    sic = _challenge(
        lab=dortmund,
        by=lead_do,
        title=SIC,
        summary=(
            "Ein Ort, an dem soziale Innovationen und Sozialunternehmen in Dortmund dauerhaft Unterstützung finden."
        ),
        context="Die Projektansätze aus dem KoSI-Lab sollen nach der Initiierungsphase weitergeführt werden.",
        goals="Ein tragfähiges Konzept für ein Zentrum sozialer Innovation in kommunaler Trägerschaft.",
        title_en="How can socially innovative approaches become a lasting part of economic development?",
        summary_en="A place where social innovations and social enterprises in Dortmund find lasting support.",
        context_en="The projects begun in the KoSI-Lab are to carry on after the initial phase.",
        goals_en="A sound plan for a centre of social innovation run by the city.",
        status=ChallengeStatus.OPEN,
        starts_on=cal.days(-400),
        ends_on=cal.days(60),
        wanted_sectors=[Sector.PUBLIC, Sector.BUSINESS, Sector.CIVIL_SOCIETY, Sector.SCIENCE],
    )
    if sic is not None:
        _join_over_time(sic, people=people, cal=cal)
    created = [sic]
    open_call = _challenge(
        lab=dortmund,
        by=lead_do,
        title=NORDSTADT,
        summary="Wir suchen Wege, wie Sozialunternehmen und Jobcenter gemeinsam neue Arbeitsplätze schaffen.",
        context="In der Nordstadt gibt es viele junge Sozialunternehmen und zugleich hohe Arbeitslosigkeit.",
        goals="Drei erprobte Kooperationsmodelle bis Ende des Jahres.",
        title_en="How do people out of work find their way to social enterprises in the Nordstadt?",
        summary_en="We look for ways in which social enterprises and the job centre create new jobs together.",
        status=ChallengeStatus.OPEN,
        starts_on=cal.today,
        ends_on=cal.days(90),
        wanted_sectors=[Sector.PUBLIC, Sector.BUSINESS, Sector.CIVIL_SOCIETY],
    )
    if open_call is not None:
        participation_join(
            challenge=open_call, user=people["teilnahme@kosilab.example.org"], kind=ParticipationKind.JOINED
        )
    created += [
        open_call,
        _challenge(
            lab=wuppertal,
            by=lead_wu,
            title=GARAGES,
            summary="Ein Geschäftsmodell für Fahrradgaragen, damit mehr Menschen klimafreundlich unterwegs sind.",
            context="In den Gründerzeitvierteln fehlen sichere Abstellplätze; Pedelecs werden in Kellern getragen.",
            goals="Ein tragfähiges Geschäftsmodell und eine erste Fahrradgarage im Quartier.",
            title_en="How can bicycles and e-bikes be parked safely in the neighbourhood?",
            summary_en="A business model for bicycle garages, so that more people travel in a climate-friendly way.",
            context_en="The old town quarters lack safe parking; e-bikes are carried down into cellars.",
            goals_en="A sound business model and a first bicycle garage in the neighbourhood.",
            status=ChallengeStatus.OPEN,
            starts_on=cal.days(-200),
            ends_on=cal.days(120),
            wanted_sectors=[Sector.PUBLIC, Sector.BUSINESS, Sector.CIVIL_SOCIETY, Sector.SCIENCE],
        ),
        _challenge(
            lab=wuppertal,
            by=lead_wu,
            title="Wie gewinnen wir neue Engagierte für die Nachbarschaftshilfe?",
            summary=(
                "Nachbarschaftshilfe braucht neue Gesichter – wie erreichen wir Menschen, "
                "die sich noch nicht engagieren?"
            ),
            status=ChallengeStatus.OPEN,
            starts_on=cal.today,
            wanted_sectors=[Sector.CIVIL_SOCIETY, Sector.PUBLIC],
        ),
        _challenge(
            lab=wuppertal,
            by=lead_wu,
            title="Entwurf: Offene Werkstatt für Reparaturen",
            summary="Noch in Arbeit: nur das Lab-Team sieht diesen Entwurf.",
            status=ChallengeStatus.DRAFT,
            wanted_sectors=[],
        ),
    ]
    return any(challenge is not None for challenge in created)


# Who joined the Social Innovation Center's challenge on behalf of their organisation, and how many
# days ago: people of all four sectors over the last year, so that the lab's network of cooperation
# (kosilab/cooperation) has ties across sectors and a history per quarter.
SIC_PARTICIPANTS = [
    ("moderation.dortmund@kosilab.example.org", 330),
    ("sozialunternehmen@kosilab.example.org", 300),
    ("wissenschaft@kosilab.example.org", 210),
    ("verwaltung@kosilab.example.org", 150),
    ("nachbarschaft@kosilab.example.org", 120),
    ("unternehmen@kosilab.example.org", 40),
]


def _join_over_time(challenge: Challenge, *, people: dict[str, User], cal: DemoCalendar) -> None:
    for email, days_ago in SIC_PARTICIPANTS:
        person = people.get(email)
        if person is None:
            continue
        organisation = getattr(getattr(person, "profile", None), "organisation", None)
        participation = participation_join(
            challenge=challenge, user=person, kind=ParticipationKind.JOINED, organisation=organisation
        )
        # The service stamps today; the demo's participants joined over the past year.
        Participation.objects.filter(pk=participation.pk).update(created_at=cal.at(cal.days(-days_ago), 10))
