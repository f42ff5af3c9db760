"""Deferred work of the research app. Tasks take ids and do nothing twice (an export is built once)."""

from __future__ import annotations

from django_tasks import task


@task()
def build_research_export(*, export_id: int) -> str:
    """Build an export a person asked for (``research_export_request``); returns its status."""
    from kosilab.research.services import research_export_run

    export = research_export_run(export_id=export_id)
    return export.status if export is not None else "not waiting"
