"""Who may see and change results. Declared once here; tested as a matrix in tests/test_permission_matrix.py.

A result follows its process: those who may change the process (lab staff, process lead or
facilitator, platform admin) write its results. A public result is seen by whoever sees the process
(everyone, for a public process in a public lab). A draft is seen by those who may change the process
and by the process team (they work on it together).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from kosilab.accounts.types import Viewer
from kosilab.results.policies import result_policy

if TYPE_CHECKING:
    from kosilab.results.models import Result


@rules.predicate
def may_change_process(user: Viewer, result: Result) -> bool:
    return bool(user.has_perm("processes.change_process", result.process))


# Who sees a result: kosilab/results/policies.py.
rules.add_perm("results.view_result", result_policy.predicate)
rules.add_perm("results.change_result", may_change_process)
