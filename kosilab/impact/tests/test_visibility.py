"""Who sees an indicator: the object rule, the queryset and the permission agree (kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.core.tests.visibility import agreement
from kosilab.impact.policies import indicator_policy
from kosilab.impact.tests.factories import make_indicator
from kosilab.processes.tests.visibility import processes_in_every_state


@agreement(indicator_policy)
def test_indicators(world):
    of_processes = [make_indicator(process=process) for process in processes_in_every_state(world).values()]
    of_labs = [make_indicator(lab=world[lab]) for lab in ("lab", "private_lab", "other_lab")]
    return of_processes + of_labs
