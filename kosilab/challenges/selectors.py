from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from kosilab.accounts.types import Viewer
from kosilab.challenges.models import Challenge, ChallengeStatus, Participation, WantedSector
from kosilab.challenges.policies import challenge_policy
from kosilab.core.content_languages import contains
from kosilab.core.queries import count_of
from kosilab.core.roles import is_platform_admin
from kosilab.labs.models import Lab
from kosilab.labs.roles import staff_lab_ids


def visible_challenges(user: Viewer) -> QuerySet[Challenge]:
    return challenge_policy.visible(user)


def with_list_data(challenges: QuerySet[Challenge]) -> QuerySet[Challenge]:
    return (
        challenges.select_related("lab")
        .prefetch_related(Prefetch("wanted_sectors", queryset=WantedSector.objects.order_by("sector")))
        .annotate(participant_total=count_of(Participation.objects.all(), "challenge"))
    )


def challenge_list(
    user: Viewer, *, lab: str = "", status: str = "", sector: str = "", query: str = ""
) -> QuerySet[Challenge]:
    challenges = visible_challenges(user)
    if lab:
        challenges = challenges.filter(lab__slug=lab)
    if status:
        challenges = challenges.filter(status=status)
    if sector:
        challenges = challenges.filter(wanted_sectors__sector=sector)
    if query:
        challenges = challenges.filter(contains(query, "title", "summary"))
    return with_list_data(challenges).order_by("-created_at", "-pk")


def challenge_detail_queryset() -> QuerySet[Challenge]:
    return Challenge.objects.select_related("lab", "lab__host")


def participations(challenge: Challenge) -> QuerySet[Participation]:
    return challenge.participations.select_related("user", "organisation").order_by("-created_at", "-pk")


def participation_of(challenge: Challenge, user: Viewer) -> Participation | None:
    if not user.is_authenticated:
        return None
    return Participation.objects.filter(challenge=challenge, user=user).first()


def draft_challenges(user: Viewer) -> QuerySet[Challenge]:
    """Drafts in the labs the user works for (all drafts for a platform admin), last changed first."""
    drafts = Challenge.objects.filter(status=ChallengeStatus.DRAFT)
    if not is_platform_admin(user):
        drafts = drafts.filter(lab_id__in=list(staff_lab_ids(user)))
    return drafts.select_related("lab").order_by("-updated_at", "-pk")


def with_challenge_counts(labs: QuerySet[Lab]) -> QuerySet[Lab]:
    """Labs annotated with ``draft_total`` and ``challenge_total``."""
    return labs.annotate(
        draft_total=count_of(Challenge.objects.filter(status=ChallengeStatus.DRAFT), "lab"),
        challenge_total=count_of(Challenge.objects.all(), "lab"),
    )


def open_challenges(user: Viewer) -> QuerySet[Challenge]:
    """Open challenges the user may see, with their list data, newest first."""
    return with_list_data(visible_challenges(user).filter(status=ChallengeStatus.OPEN)).order_by("-created_at", "-pk")
