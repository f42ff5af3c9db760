"""Results in every state, for the agreement tests of the policies of results and handovers."""

from __future__ import annotations

from typing import Any

from kosilab.processes.tests.visibility import processes_in_every_state
from kosilab.results.models import Result, ResultVisibility
from kosilab.results.tests.factories import make_result


def results_in_every_state(world: dict[str, Any]) -> list[Result]:
    """A draft and a public result in every process of processes_in_every_state (made once per world)."""
    if "results" not in world:
        world["results"] = [
            make_result(process, title=f"{name} {visibility}", visibility=visibility)
            for name, process in processes_in_every_state(world).items()
            for visibility in ResultVisibility
        ]
    return world["results"]
