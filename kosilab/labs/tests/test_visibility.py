"""Who sees a lab: the object rule, the queryset and the permission agree (kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.core.tests.visibility import agreement
from kosilab.labs.policies import lab_policy


@agreement(lab_policy)
def test_labs(world):
    return [world["lab"], world["private_lab"], world["other_lab"]]
