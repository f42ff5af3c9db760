"""Deferred work of the cooperation app. Tasks take ids and do nothing twice (an analysis runs once)."""

from __future__ import annotations

from django_tasks import task


@task()
def analyse_network(*, analysis_id: int) -> str:
    """Run an analysis queued by a network page (``network_analysis_request``); returns its status."""
    from kosilab.cooperation.services import network_analysis_run

    analysis = network_analysis_run(analysis_id=analysis_id)
    return analysis.status if analysis is not None else "not queued"
