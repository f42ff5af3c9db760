"""Who sees a result: the object rule, the queryset and the permission agree (kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.core.tests.visibility import agreement
from kosilab.results.policies import result_policy
from kosilab.results.tests.visibility import results_in_every_state


@agreement(result_policy)
def test_results(world):
    return results_in_every_state(world)
