"""Who sees a process: the object rule, the queryset and the permission agree (kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.core.tests.visibility import agreement
from kosilab.processes.policies import process_policy
from kosilab.processes.tests.visibility import processes_in_every_state


@agreement(process_policy)
def test_processes(world):
    return processes_in_every_state(world).values()
