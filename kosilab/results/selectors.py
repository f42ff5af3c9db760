"""Reads of results: what a user may see, with everything the pages show, in a fixed number of queries."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Prefetch, QuerySet

from kosilab.accounts.types import Viewer
from kosilab.processes.models import Process, ProcessPhase
from kosilab.results.models import Result, ResultFile, ResultVisibility
from kosilab.results.policies import result_policy


def result_detail_queryset() -> QuerySet[Result]:
    return Result.objects.select_related("process", "process__lab", "phase", "lab", "created_by")


def process_results(user: Viewer, process: Process) -> QuerySet[Result]:
    """The results of a process the user sees (drafts only for the teams), with phase and files."""
    results = result_policy.visible(user, Result.objects.filter(process=process))
    return results.select_related("phase").prefetch_related(
        Prefetch("files", queryset=ResultFile.objects.order_by("uploaded_at", "id"))
    )


def results_by_phase(user: Viewer, process: Process) -> list[tuple[ProcessPhase | None, list[Result]]]:
    """(phase, results) in the order of the phases; results without a phase come last."""
    results = sorted(
        process_results(user, process),
        key=lambda r: (r.phase is None, r.phase.position if r.phase else 0, -r.pk),
    )
    return [(phase, list(items)) for phase, items in groupby(results, key=lambda r: r.phase)]


def result_files(result: Result) -> list[ResultFile]:
    return list(result.files.order_by("uploaded_at", "id"))


def public_results() -> QuerySet[Result]:
    """Results everyone may see: public, of a public process in a public lab."""
    return result_policy.public_objects()


def draft_results_of_labs(lab_ids: list[int], *, limit: int = 10) -> list[Result]:
    """Results of the labs still in draft, last changed first, with their process, at most
    ``limit`` + 1. One query."""
    drafts = (
        Result.objects.filter(lab_id__in=lab_ids, visibility=ResultVisibility.DRAFT)
        .select_related("process", "lab")
        .order_by("-updated_at", "-id")
    )
    return list(drafts[: limit + 1])
