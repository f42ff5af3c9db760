"""Synthetic lab processes in bulk, for ``manage.py seed_scale`` (see kosilab/core/scale.py).

About half grow out of a challenge in progress or closed (one process per challenge); phases are
copied from the lab's template, with the phases reached started and ended in order and one
transition each; team members bring the sector of their profile; milestones and log entries.
"""

from __future__ import annotations

import datetime

from kosilab.accounts.models import User
from kosilab.accounts.scale import staff_count
from kosilab.challenges.models import ChallengeStatus
from kosilab.challenges.scale import PLACES, TOPICS, ChallengeBatch
from kosilab.core.scale import ScaleContext, explicit_timestamps
from kosilab.labs.scale import LabInfo
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


def processes(ctx: ScaleContext, labs: list[LabInfo], people: list[User], batch: ChallengeBatch) -> None:
    """``counts.processes`` processes in ``labs``, half of them on challenges of ``batch``."""
    rng = ctx.rng
    challenges, joined = batch.challenges, batch.joined
    by_lab = {info.lab.pk: info for info in labs}
    # About half the processes grew out of a challenge; only those in progress or closed have one.
    candidates = [c for c in challenges if c.status in (ChallengeStatus.IN_PROGRESS, ChallengeStatus.CLOSED)]
    rng.shuffle(candidates)
    linked = candidates[: ctx.counts.processes // 2]
    lab_weights = [rng.uniform(0.3, 2.0) for _ in labs]

    plans: list[tuple[Process, LabInfo, int, datetime.datetime]] = []  # process, lab, phases reached, end
    for index in range(ctx.counts.processes):
        challenge = linked[index] if index < len(linked) else None
        if challenge is not None:
            info = by_lab[challenge.lab_id]
            title = batch.process_title[challenge.pk]
            summary = challenge.summary
            start_day = challenge.starts_on or challenge.created_at.date()
            started_on = min(start_day + datetime.timedelta(days=rng.randint(0, 60)), ctx.today)
            if challenge.status == ChallengeStatus.CLOSED:
                status = ProcessStatus.COMPLETED if rng.random() < 0.7 else ProcessStatus.STOPPED
            else:
                status = ProcessStatus.RUNNING if rng.random() < 0.9 else ProcessStatus.STOPPED
        else:
            info = rng.choices(labs, weights=lab_weights)[0]
            _verb, noun = rng.choice(TOPICS)
            title = f"{noun} {rng.choice([*PLACES, f'in {info.lab.city}'])}"
            summary = f"Stadt, Nachbarschaft, Wirtschaft und Wissenschaft arbeiten gemeinsam an: {noun}."
            started_on = ctx.days_ago(0, 1200)
            status = ctx.pick({ProcessStatus.RUNNING: 65, ProcessStatus.COMPLETED: 25, ProcessStatus.STOPPED: 10})
        total = len(info.steps)
        if status == ProcessStatus.COMPLETED:
            reached = rng.randint(max(1, total - 2), total)
        elif status == ProcessStatus.STOPPED:
            reached = rng.randint(1, min(3, total))
        else:
            reached = min(total, rng.choices(range(1, total + 1), weights=range(total, 0, -1))[0])
        start = ctx.moment(started_on)
        end = ctx.now if status == ProcessStatus.RUNNING else ctx.between(start, ctx.now)
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
        processes = ctx.bulk(Process, [plan[0] for plan in plans])
        ctx.progress(f"{len(processes)} processes ({len(linked)} with a challenge)")

        phases: list[ProcessPhase] = []
        timeline: list[list[datetime.datetime]] = []
        for process, info, reached, end in plans:
            cuts = sorted(ctx.between(process.created_at, end) for _ in range(reached - 1))
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
        phases = ctx.bulk(ProcessPhase, phases)
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
        ctx.bulk(PhaseTransition, transitions)
        ctx.progress(f"{len(phases)} phases, {len(transitions)} phase transitions")

        pool = people[staff_count(ctx) :]
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
                kind = ctx.pick({MemberRole.CO_CREATOR: 60, MemberRole.EXPERT: 25, MemberRole.OBSERVER: 15})
                team.setdefault(user.pk, (user, kind))
            for user, role in team.values():
                at = ctx.between(process.created_at, end)
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
                    min(due + datetime.timedelta(days=rng.randint(-10, 10)), ctx.today)
                    if due < ctx.today and rng.random() < 0.75
                    else None
                )
                at = ctx.between(process.created_at, end)
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
                        created_at=ctx.between(process.created_at, end),
                        text=rng.choice(LOG_TEXTS),
                    )
                )
        ctx.bulk(ProcessMember, members)
        ctx.bulk(Milestone, milestones)
        ctx.bulk(LogEntry, entries)
    ctx.progress(f"{len(members)} process team members, {len(milestones)} milestones, {len(entries)} log entries")
