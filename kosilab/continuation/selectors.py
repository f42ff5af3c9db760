"""Reads for the continuation pages, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from kosilab.continuation.models import FollowUp, Handover, HandoverEvent
from kosilab.labs.models import Lab
from kosilab.results.models import Result
from kosilab.results.selectors import public_results


def lab_results(lab: Lab) -> QuerySet[Result]:
    """The lab's public results with their handovers (who, form, status, since) — only public data."""
    return (
        public_results()
        .filter(lab=lab)
        .select_related("process", "phase")
        .prefetch_related(
            Prefetch(
                "handovers",
                queryset=Handover.objects.select_related("taker_organisation").order_by("-status_since", "-id"),
            )
        )
        .order_by("process__title", "process_id", "-created_at", "-id")
    )


def result_story(result: Result) -> list[Handover]:
    """Handovers with their status history and the follow-ups that have been done."""
    return list(
        Handover.objects.filter(result=result)
        .select_related("taker_organisation")
        .prefetch_related(
            Prefetch("events", queryset=HandoverEvent.objects.order_by("at", "id")),
            Prefetch("followups", queryset=FollowUp.objects.filter(done_at__isnull=False).order_by("due_on", "id")),
        )
        .order_by("-status_since", "-id")
    )


def result_handovers(result: Result) -> list[Handover]:
    """For those who manage them: every follow-up, open or done, and the history with its authors."""
    return list(
        Handover.objects.filter(result=result)
        .select_related("taker_organisation")
        .prefetch_related(
            Prefetch("events", queryset=HandoverEvent.objects.select_related("by").order_by("at", "id")),
            Prefetch("followups", queryset=FollowUp.objects.order_by("due_on", "id")),
        )
        .order_by("-status_since", "-id")
    )


def handover_queryset() -> QuerySet[Handover]:
    return Handover.objects.select_related("result", "result__process", "result__process__lab", "taker_organisation")


def followups_due(lab_ids: list[int], *, until: dt.date, limit: int = 10) -> list[FollowUp]:
    """Open follow-ups of the labs' handovers due on or before ``until`` (overdue ones first), with
    handover and result, at most ``limit`` + 1. One query."""
    followups = (
        FollowUp.objects.filter(done_at__isnull=True, due_on__lte=until, handover__result__lab_id__in=lab_ids)
        .select_related("handover", "handover__result", "handover__taker_organisation")
        .order_by("due_on", "id")
    )
    return list(followups[: limit + 1])
