"""Reads of results: what a user may see, with everything the pages show, in a fixed number of queries."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.db.models import Prefetch, QuerySet

from kosilab.processes.models import Process, ProcessPhase, ProcessVisibility
from kosilab.results.models import Result, ResultFile, ResultVisibility


def result_detail_queryset() -> QuerySet[Result]:
    return Result.objects.select_related("process", "process__lab", "phase", "lab", "created_by")


def may_see_drafts(user: Any, process: Process) -> bool:
    from kosilab.processes.roles import process_roles

    return bool(user.has_perm("processes.change_process", process) or process.pk in process_roles(user))


def process_results(user: Any, process: Process) -> QuerySet[Result]:
    """The process's results the user may see (drafts only for the team), with phase and files."""
    results = Result.objects.filter(process=process)
    if not may_see_drafts(user, process):
        results = results.filter(visibility=ResultVisibility.PUBLIC)
    return results.select_related("phase").prefetch_related(
        Prefetch("files", queryset=ResultFile.objects.order_by("uploaded_at", "id"))
    )


def results_by_phase(user: Any, process: Process) -> list[tuple[ProcessPhase | None, list[Result]]]:
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
    return Result.objects.filter(
        visibility=ResultVisibility.PUBLIC, process__visibility=ProcessVisibility.PUBLIC, process__lab__is_public=True
    )
