from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kosilab.accounts.types import Viewer
from kosilab.challenges.models import Participation
from kosilab.core.content_languages import contains
from kosilab.core.queries import count_of
from kosilab.core.roles import is_platform_admin
from kosilab.core.sectors import SectorBalance, sector_balance
from kosilab.labs.models import Lab
from kosilab.labs.roles import staff_lab_ids
from kosilab.processes.models import (
    MemberRole,
    Milestone,
    PhaseTransition,
    Process,
    ProcessInvitation,
    ProcessMember,
    ProcessPhase,
    ProcessStatus,
    invitation_token_hash,
)
from kosilab.processes.policies import process_policy
from kosilab.processes.roles import process_roles


def visible_processes(user: Viewer) -> QuerySet[Process]:
    return process_policy.visible(user)


def process_list(user: Viewer, *, lab: str = "", status: str = "", query: str = "") -> QuerySet[Process]:
    processes = visible_processes(user)
    if lab:
        processes = processes.filter(lab__slug=lab)
    if status:
        processes = processes.filter(status=status)
    if query:
        processes = processes.filter(contains(query, "title", "summary"))
    return (
        processes.select_related("lab", "current_phase")
        .annotate(member_total=count_of(ProcessMember.objects.all(), "process"))
        .order_by("-started_on", "-pk")
    )


def process_detail_queryset() -> QuerySet[Process]:
    return Process.objects.select_related("lab", "challenge", "challenge__lab", "current_phase")


def team(process: Process) -> QuerySet[ProcessMember]:
    return process.members.select_related("user", "user__profile", "organisation").order_by("role", "user__name", "pk")


def balance(process: Process) -> SectorBalance:
    counts = dict(
        ProcessMember.objects.filter(process=process)
        .values("sector")
        .annotate(n=Count("pk"))
        .values_list("sector", "n")
    )
    wanted: list[str] = []
    if process.challenge_id is not None:
        wanted = list(process.challenge.wanted_sectors.values_list("sector", flat=True))  # type: ignore[union-attr]
    return sector_balance(counts, wanted)


def transitions(process: Process) -> QuerySet[PhaseTransition]:
    return process.transitions.select_related("from_phase", "to_phase", "by", "by__profile").order_by("-at", "-pk")


def team_candidates(process: Process, limit: int = 20) -> QuerySet[Participation]:
    """People who joined the process's challenge and are not in its team yet."""
    if process.challenge_id is None:
        return Participation.objects.none()
    in_team = ProcessMember.objects.filter(process=process).values("user_id")
    return (
        Participation.objects.filter(challenge_id=process.challenge_id, user__is_active=True)
        .exclude(user_id__in=in_team)
        .select_related("user", "user__profile", "user__profile__organisation", "organisation")
        .order_by("-kind", "user__name", "pk")[:limit]
    )


def steered_processes(user: Viewer) -> QuerySet[Process]:
    """Running processes the user steers: those of their labs' teams and those they lead or
    facilitate (all running processes for a platform admin), last changed first."""
    steered = Process.objects.filter(status=ProcessStatus.RUNNING)
    if not is_platform_admin(user):
        lead_roles = {MemberRole.LEAD, MemberRole.FACILITATOR}
        led = [pid for pid, role in process_roles(user).items() if role in lead_roles]
        steered = steered.filter(Q(lab_id__in=list(staff_lab_ids(user))) | Q(pk__in=led))
    return (
        steered.select_related("lab", "current_phase")
        .annotate(member_total=count_of(ProcessMember.objects.all(), "process"))
        .order_by("-updated_at", "-pk")
    )


def with_process_counts(labs: QuerySet[Lab]) -> QuerySet[Lab]:
    """Labs annotated with ``process_total``."""
    return labs.annotate(process_total=count_of(Process.objects.all(), "lab"))


def running_processes(user: Viewer) -> QuerySet[Process]:
    """Running processes the user may see, most recently started first."""
    return process_list(user, status=ProcessStatus.RUNNING)


def phases_awaiting_decision(lab_ids: list[int], *, limit: int = 10) -> list[Process]:
    """Running processes of the labs whose current phase has done all its milestones (at least one)
    and has a phase after it: the team waits for the decision to move on. At most ``limit`` + 1,
    with lab and current phase. One query."""
    of_phase = Milestone.objects.filter(process=OuterRef("pk"), phase=OuterRef("current_phase"))
    later = ProcessPhase.objects.filter(process=OuterRef("pk"), position__gt=OuterRef("current_phase__position"))
    processes = (
        Process.objects.filter(lab_id__in=lab_ids, status=ProcessStatus.RUNNING, current_phase__isnull=False)
        .filter(Exists(of_phase.filter(done_on__isnull=False)), ~Exists(of_phase.filter(done_on__isnull=True)))
        .filter(Exists(later))
        .select_related("lab", "current_phase")
        .order_by("-updated_at", "-pk")
    )
    return list(processes[: limit + 1])


def open_invitations(process: Process) -> QuerySet[ProcessInvitation]:
    """Invitations of the process neither accepted nor withdrawn (expired ones too, marked in the
    list so that the lead can send a new one), newest first."""
    return process.invitations.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).order_by(
        "-created_at", "-pk"
    )


def valid_invitation(token: str) -> ProcessInvitation | None:
    """The open, unexpired invitation whose link carries ``token``, or None."""
    return (
        ProcessInvitation.objects.filter(
            token_hash=invitation_token_hash(token=token),
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("process", "process__lab", "invited_by")
        .first()
    )
