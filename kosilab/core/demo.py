"""The demo data: the labs in Dortmund and Wuppertal and the partners named in the source document.

Organisations marked "(Demo)" are invented so that every sector is at the table; all people are
invented. Everything is written through the service functions, so the audit log is filled too.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kosilab.accounts.models import User
from kosilab.actors.models import Organisation, Profile, Visibility
from kosilab.actors.services import organisation_create
from kosilab.challenges.models import ChallengeStatus
from kosilab.challenges.services import challenge_create, participation_join
from kosilab.core.demo_dates import DemoCalendar
from kosilab.core.models import AuditEntry
from kosilab.core.sectors import Sector
from kosilab.labs.models import Lab, LabRole
from kosilab.labs.services import lab_create, lab_team_set
from kosilab.processes.models import LogEntry, MemberRole, PhaseTransition, Process, ProcessPhase
from kosilab.processes.services import (
    log_add,
    member_add,
    milestone_add,
    milestone_toggle_done,
    phase_advance,
    process_start,
)

DEMO_PASSWORD = "kosilab-demo"  # noqa: S105 - documented demo password, only for the demo accounts

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

# email, name, organisation (index in ORGANISATIONS or None), sector if no organisation, superuser
PEOPLE = [
    ("admin@kosilab.example.org", "Alex Admin", None, "", True),
    ("leitung.dortmund@kosilab.example.org", "Dana Dortmund", 0, "", False),
    ("moderation.dortmund@kosilab.example.org", "Fritz Faber", 2, "", False),
    ("leitung.wuppertal@kosilab.example.org", "Wiebke Wupper", 1, "", False),
    ("moderation.wuppertal@kosilab.example.org", "Mo Moderat", 1, "", False),
    ("teilnahme@kosilab.example.org", "Pat Beispiel", None, Sector.CIVIL_SOCIETY, False),
    ("verwaltung@kosilab.example.org", "Vera Verwaltung", 5, "", False),
    ("unternehmen@kosilab.example.org", "Ulf Unternehmer", 7, "", False),
    ("wissenschaft@kosilab.example.org", "Wanda Wissen", 3, "", False),
    ("sozialunternehmen@kosilab.example.org", "Sami Sozial", 8, "", False),
    ("nachbarschaft@kosilab.example.org", "Nina Nachbar", 9, "", False),
]

ROLES_TEXT = {
    "admin@kosilab.example.org": "platform administrator",
    "leitung.dortmund@kosilab.example.org": "lab manager, Dortmund",
    "moderation.dortmund@kosilab.example.org": "facilitator, Dortmund",
    "leitung.wuppertal@kosilab.example.org": "lab manager, Wuppertal",
    "moderation.wuppertal@kosilab.example.org": "facilitator, Wuppertal",
    "teilnahme@kosilab.example.org": "participant",
}


# When the processes started and moved on: (working days ago, hour, minute), the start first.
SIC_PHASE_DATES = [(380, 10, 0), (300, 16, 40), (200, 11, 5), (90, 14, 30)]
GARAGE_PHASE_DATES = [(180, 9, 30), (150, 18, 15), (110, 12, 45)]


def _backdate_phases(process: Process, moments: list[datetime.datetime]) -> None:
    """Stamp the phase history with the given moments (the start, then one per move) instead of now.

    ``phase_advance`` records the moment it is called; the demo tells a story of months.
    """
    phases = list(ProcessPhase.objects.filter(process=process, started_at__isnull=False).order_by("position"))
    for index, phase in enumerate(phases):
        ended = moments[index + 1] if index + 1 < len(phases) else None
        ProcessPhase.objects.filter(pk=phase.pk).update(started_at=moments[index], ended_at=ended)
    # The first transition is the start (from no phase), then one per move.
    moves = list(PhaseTransition.objects.filter(process=process).order_by("at", "pk"))
    for move, moment in zip(moves, moments, strict=True):
        PhaseTransition.objects.filter(pk=move.pk).update(at=moment)
    logged = AuditEntry.objects.filter(
        action__in=["processes.process.started", "processes.phase.advanced"],
        object_type="processes.process",
        object_id=str(process.pk),
    ).order_by("created_at", "pk")
    for entry, moment in zip(list(logged), moments, strict=True):
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=moment)


def demo_loaded() -> bool:
    return Lab.objects.filter(slug__in=["dortmund", "wuppertal"]).exists()


@transaction.atomic
def load_demo() -> bool:
    """Load the demo data once. Returns False when it was already there."""
    if demo_loaded():
        return False
    orgs = [
        Organisation.objects.filter(name=name, city=city).first()
        or organisation_create(by=None, name=name, sector=sector, city=city, description=text)
        for name, sector, city, text in ORGANISATIONS
    ]
    people: dict[str, User] = {}
    for email, name, org_index, sector, is_admin in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            make = User.objects.create_superuser if is_admin else User.objects.create_user
            user = make(email=email, password=DEMO_PASSWORD, name=name)
            user.email_confirmed_at = timezone.now()
            user.save(update_fields=["email_confirmed_at"])
        org = orgs[org_index] if org_index is not None else None
        Profile.objects.update_or_create(
            user=user,
            defaults={"organisation": org, "sector": org.sector if org else sector, "visibility": Visibility.PUBLIC},
        )
        people[email] = user
    admin = people["admin@kosilab.example.org"]

    dortmund = lab_create(
        by=admin,
        name="KoSI-Lab Dortmund",
        slug="dortmund",
        city="Dortmund",
        host=orgs[0],
        focus="Beschäftigung und Social Entrepreneurship",
        description=(
            "Das KoSI-Lab Dortmund wird als neue Struktur bei der Wirtschaftsförderung Dortmund aufgebaut. "
            "Es lotet aus, wie sich verschiedene Lab-Ansätze in einem Zentrum sozialer Innovation verbinden "
            "lassen, und fördert sozial innovative Ansätze für die Stadtgesellschaft und den Wirtschaftsstandort."
        ),
        founded=2017,
        contact_name="Dana Dortmund",
        contact_email="leitung.dortmund@kosilab.example.org",
    )
    wuppertal = lab_create(
        by=admin,
        name="KoSI-Lab Wuppertal",
        slug="wuppertal",
        city="Wuppertal",
        host=orgs[1],
        focus="Bürgerschaftliche Innovation: Bürgerbeteiligung und Bürgerengagement",
        description=(
            "Das KoSI-Lab Wuppertal wird innerhalb der Freiwilligenagentur „Zentrum für gute Taten e.V.“ "
            "in enger Zusammenarbeit mit der Stadt Wuppertal weiterentwickelt. Es setzt auf Initiativen "
            "aus der Bürgerschaft."
        ),
        founded=2017,
        contact_name="Wiebke Wupper",
        contact_email="leitung.wuppertal@kosilab.example.org",
    )
    dortmund.partners.set([orgs[2], orgs[4], orgs[6], orgs[8]])
    wuppertal.partners.set([orgs[3], orgs[5], orgs[6], orgs[7], orgs[9]])
    lab_team_set(lab=dortmund, user=people["leitung.dortmund@kosilab.example.org"], role=LabRole.MANAGER, by=admin)
    lab_team_set(
        lab=dortmund, user=people["moderation.dortmund@kosilab.example.org"], role=LabRole.FACILITATOR, by=admin
    )
    lab_team_set(lab=wuppertal, user=people["leitung.wuppertal@kosilab.example.org"], role=LabRole.MANAGER, by=admin)
    lab_team_set(
        lab=wuppertal, user=people["moderation.wuppertal@kosilab.example.org"], role=LabRole.FACILITATOR, by=admin
    )

    cal = DemoCalendar.now()
    lead_do = people["leitung.dortmund@kosilab.example.org"]
    lead_wu = people["leitung.wuppertal@kosilab.example.org"]

    # Dortmund: the process that led to the Social Innovation Center, and an open call.
    sic = challenge_create(
        lab=dortmund,
        by=lead_do,
        title="Wie können sozial innovative Ansätze in der Wirtschaftsförderung dauerhaft verankert werden?",
        summary="Ein Ort, an dem soziale Innovationen und Sozialunternehmen in Dortmund dauerhaft Unterstützung finden.",
        context="Die Projektansätze aus dem KoSI-Lab sollen nach der Initiierungsphase weitergeführt werden.",
        goals="Ein tragfähiges Konzept für ein Zentrum sozialer Innovation in kommunaler Trägerschaft.",
        status=ChallengeStatus.OPEN,
        starts_on=cal.days(-400),
        ends_on=cal.days(60),
        wanted_sectors=[Sector.PUBLIC, Sector.BUSINESS, Sector.CIVIL_SOCIETY, Sector.SCIENCE],
    )
    sic_process = process_start(
        lab=dortmund,
        by=lead_do,
        challenge=sic,
        title="Social Innovation Center Dortmund",
        summary="Aus dem Lab-Prozess entsteht das Social Innovation Center in der Wirtschaftsförderung.",
        started_on=cal.workday_ago(SIC_PHASE_DATES[0][0]),
    )
    for email, role in [
        ("leitung.dortmund@kosilab.example.org", MemberRole.LEAD),
        ("moderation.dortmund@kosilab.example.org", MemberRole.FACILITATOR),
        ("sozialunternehmen@kosilab.example.org", MemberRole.CO_CREATOR),
    ]:
        member_add(process=sic_process, user=people[email], role=role, by=lead_do)
    for reason in (
        "Die Fragestellung ist geschärft; zwölf Ideen aus Werkstätten liegen vor.",
        "Das Konzept wurde mit Gründerinnen und Gründern erprobt.",
        "Der Rat hat die Weiterführung in der Wirtschaftsförderung beschlossen.",
    ):
        phase_advance(process=sic_process, by=lead_do, reason=reason)
    _backdate_phases(
        sic_process,
        [cal.at(cal.workday_ago(days), hour, minute) for days, hour, minute in SIC_PHASE_DATES],
    )
    milestone_add(
        process=sic_process,
        by=lead_do,
        title="Eröffnung des Social Innovation Center",
        due_on=cal.days(30),
    )
    kickoff = log_add(process=sic_process, by=lead_do, text="Auftaktwerkstatt mit 30 Personen aus allen vier Sektoren.")
    LogEntry.objects.filter(pk=kickoff.pk).update(created_at=cal.at(cal.workday_ago(366), 17, 20))

    open_call = challenge_create(
        lab=dortmund,
        by=lead_do,
        title="Wie finden Menschen ohne Arbeit Zugang zu Sozialunternehmen in der Nordstadt?",
        summary="Wir suchen Wege, wie Sozialunternehmen und Jobcenter gemeinsam neue Arbeitsplätze schaffen.",
        context="In der Nordstadt gibt es viele junge Sozialunternehmen und zugleich hohe Arbeitslosigkeit.",
        goals="Drei erprobte Kooperationsmodelle bis Ende des Jahres.",
        status=ChallengeStatus.OPEN,
        starts_on=cal.today,
        ends_on=cal.days(90),
        wanted_sectors=[Sector.PUBLIC, Sector.BUSINESS, Sector.CIVIL_SOCIETY],
    )
    participation_join(challenge=open_call, user=people["teilnahme@kosilab.example.org"], kind="joined")

    # Wuppertal: the bicycle-garage process, a call for volunteers, and a draft.
    garages = challenge_create(
        lab=wuppertal,
        by=lead_wu,
        title="Wie können Fahrräder und Pedelecs im Quartier sicher abgestellt werden?",
        summary="Ein Geschäftsmodell für Fahrradgaragen, damit mehr Menschen klimafreundlich unterwegs sind.",
        context="In den Gründerzeitvierteln fehlen sichere Abstellplätze; Pedelecs werden in Kellern getragen.",
        goals="Ein tragfähiges Geschäftsmodell und eine erste Fahrradgarage im Quartier.",
        status=ChallengeStatus.OPEN,
        starts_on=cal.days(-200),
        ends_on=cal.days(120),
        wanted_sectors=[Sector.PUBLIC, Sector.BUSINESS, Sector.CIVIL_SOCIETY, Sector.SCIENCE],
    )
    garage_process = process_start(
        lab=wuppertal,
        by=lead_wu,
        challenge=garages,
        title="Fahrradgaragen im Quartier",
        summary="Gemeinsam entwickeln Stadt, Nachbarschaft, Wissenschaft und Wirtschaft ein Geschäftsmodell für Fahrradgaragen.",
        started_on=cal.workday_ago(GARAGE_PHASE_DATES[0][0]),
    )
    for email, role in [
        ("moderation.wuppertal@kosilab.example.org", MemberRole.FACILITATOR),
        ("verwaltung@kosilab.example.org", MemberRole.CO_CREATOR),
        ("unternehmen@kosilab.example.org", MemberRole.CO_CREATOR),
        ("wissenschaft@kosilab.example.org", MemberRole.EXPERT),
        ("nachbarschaft@kosilab.example.org", MemberRole.CO_CREATOR),
    ]:
        member_add(process=garage_process, user=people[email], role=role, by=lead_wu)
    for reason in (
        "Befragung im Quartier abgeschlossen: großer Bedarf an sicheren Stellplätzen.",
        "Das Geschäftsmodell steht; die erste Garage wird erprobt.",
    ):
        phase_advance(process=garage_process, by=lead_wu, reason=reason)
    _backdate_phases(
        garage_process,
        [cal.at(cal.workday_ago(days), hour, minute) for days, hour, minute in GARAGE_PHASE_DATES],
    )
    first_garage = milestone_add(
        process=garage_process,
        by=lead_wu,
        title="Erste Fahrradgarage aufgestellt",
        due_on=cal.days(-100),
    )
    milestone_toggle_done(milestone=first_garage, by=lead_wu)
    type(first_garage).objects.filter(pk=first_garage.pk).update(done_on=cal.workday_ago(101))
    milestone_add(
        process=garage_process,
        by=lead_wu,
        title="Auswertung der Probephase",
        due_on=cal.days(45),
    )

    challenge_create(
        lab=wuppertal,
        by=lead_wu,
        title="Wie gewinnen wir neue Engagierte für die Nachbarschaftshilfe?",
        summary="Nachbarschaftshilfe braucht neue Gesichter – wie erreichen wir Menschen, die sich noch nicht engagieren?",
        status=ChallengeStatus.OPEN,
        starts_on=cal.today,
        wanted_sectors=[Sector.CIVIL_SOCIETY, Sector.PUBLIC],
    )
    challenge_create(
        lab=wuppertal,
        by=lead_wu,
        title="Entwurf: Offene Werkstatt für Reparaturen",
        summary="Noch in Arbeit: nur das Lab-Team sieht diesen Entwurf.",
        status=ChallengeStatus.DRAFT,
        wanted_sectors=[],
    )
    return True
