"""Deferred work of the opendata app. Tasks take ids and do nothing twice (a build runs once)."""

from __future__ import annotations

from django_tasks import task


@task()
def build_dump(*, build_id: int) -> str:
    """Run a build queued by a platform admin (``open_data_build_request``); returns its status."""
    from kosilab.opendata.services import open_data_build_run

    build = open_data_build_run(build_id=build_id)
    return build.status if build is not None else "not queued"
