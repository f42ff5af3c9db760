"""The demo lab processes: the Social Innovation Center in Dortmund and the bicycle garages in Wuppertal.

Each grows out of a demo challenge (``kosilab.challenges.demo``), has a team, moved through its
phases over months (the history is stamped with dates from ``DemoCalendar``), and has milestones.
Written through the services; a process that is already there is left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from kosilab.accounts.demo import demo_people
from kosilab.challenges.demo import GARAGES, SIC, demo_challenge
from kosilab.core.audit import log_backdate
from kosilab.core.demo_dates import DemoCalendar
from kosilab.labs.demo import demo_labs
from kosilab.processes.models import LogEntry, MemberRole, Milestone, PhaseTransition, Process, ProcessPhase
from kosilab.processes.services import (
    log_add,
    member_add,
    milestone_add,
    milestone_toggle_done,
    phase_advance,
    process_start,
)

SIC_PROCESS = "Social Innovation Center Dortmund"
GARAGES_PROCESS = "Fahrradgaragen im Quartier"

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
    log_backdate(target=process, actions=["processes.process.started", "processes.phase.advanced"], moments=moments)


@transaction.atomic
def load_processes_demo(*, cal: DemoCalendar | None = None) -> bool:
    """Start the demo processes that are missing. Returns False when nothing was added."""
    labs = demo_labs()
    sic = demo_challenge("dortmund", SIC)
    garages = demo_challenge("wuppertal", GARAGES)
    if len(labs) != 2 or sic is None or garages is None:
        return False
    dortmund, wuppertal = labs["dortmund"], labs["wuppertal"]
    people = demo_people()
    lead_do = people["leitung.dortmund@kosilab.example.org"]
    lead_wu = people["leitung.wuppertal@kosilab.example.org"]
    cal = cal or DemoCalendar.now()
    added = False

    if not Process.objects.filter(lab=dortmund, title=SIC_PROCESS).exists():
        sic_process = process_start(
            lab=dortmund,
            by=lead_do,
            challenge=sic,
            title=SIC_PROCESS,
            summary="Aus dem Lab-Prozess entsteht das Social Innovation Center in der Wirtschaftsförderung.",
            title_en="Social Innovation Center Dortmund",
            summary_en="The lab process gives rise to the Social Innovation Center at the economic development agency.",
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
        kickoff = log_add(
            process=sic_process, by=lead_do, text="Auftaktwerkstatt mit 30 Personen aus allen vier Sektoren."
        )
        LogEntry.objects.filter(pk=kickoff.pk).update(created_at=cal.at(cal.workday_ago(366), 17, 20))
        added = True

    if not Process.objects.filter(lab=wuppertal, title=GARAGES_PROCESS).exists():
        garage_process = process_start(
            lab=wuppertal,
            by=lead_wu,
            challenge=garages,
            title=GARAGES_PROCESS,
            summary=(
                "Gemeinsam entwickeln Stadt, Nachbarschaft, Wissenschaft und Wirtschaft "
                "ein Geschäftsmodell für Fahrradgaragen."
            ),
            title_en="Bicycle garages in the neighbourhood",
            summary_en=(
                "City, neighbours, research and business develop a business model for bicycle garages together."
            ),
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
        Milestone.objects.filter(pk=first_garage.pk).update(done_on=cal.workday_ago(101))
        milestone_add(
            process=garage_process,
            by=lead_wu,
            title="Auswertung der Probephase",
            due_on=cal.days(45),
        )
        added = True
    return added
