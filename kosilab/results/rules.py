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
from kosilab.processes.roles import process_roles

if TYPE_CHECKING:
    from kosilab.results.models import Result


@rules.predicate
def result_is_public(user: Viewer, result: Result) -> bool:
    from kosilab.results.models import ResultVisibility

    return result.visibility == ResultVisibility.PUBLIC and user.has_perm("processes.view_process", result.process)


@rules.predicate
def in_process_team(user: Viewer, result: Result) -> bool:
    return result.process_id in process_roles(user)


@rules.predicate
def may_change_process(user: Viewer, result: Result) -> bool:
    return bool(user.has_perm("processes.change_process", result.process))


rules.add_perm("results.view_result", result_is_public | in_process_team | may_change_process)
rules.add_perm("results.change_result", may_change_process)
