from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kosilab.challenges.models import Challenge, ChallengeStatus
from kosilab.core.queries import count_of
from kosilab.core.roles import is_platform_admin
from kosilab.labs.models import Lab, LabMembership
from kosilab.labs.roles import staff_lab_ids
from kosilab.processes.models import Process, ProcessStatus


def visible_labs(user: Any) -> QuerySet[Lab]:
    labs = Lab.objects.all()
    if is_platform_admin(user):
        return labs
    return labs.filter(Q(is_public=True) | Q(pk__in=staff_lab_ids(user)))


def lab_list(user: Any) -> QuerySet[Lab]:
    return (
        visible_labs(user)
        .select_related("host")
        .annotate(
            open_challenge_count=count_of(Challenge.objects.filter(status=ChallengeStatus.OPEN), "lab"),
            running_process_count=count_of(Process.objects.filter(status=ProcessStatus.RUNNING), "lab"),
        )
        .order_by("name", "pk")
    )


def lab_team(lab: Lab) -> QuerySet[LabMembership]:
    return LabMembership.objects.filter(lab=lab).select_related("user").order_by("role", "user__name")
