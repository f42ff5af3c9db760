"""Who may see and change indicators. Declared once here; tested in tests/test_permission_matrix.py.

An indicator of a process follows the process: whoever may see the process sees its indicators;
whoever may change the process (lab staff, process lead or facilitator, platform admin) changes
them and their measurements. An indicator of the whole lab (no process) is seen by everyone when
the lab is public, else by its staff, and changed by the lab's staff.
"""

from __future__ import annotations

from typing import Any

import rules

from kosilab.accounts.types import Viewer
from kosilab.core.roles import platform_admin
from kosilab.impact.policies import indicator_policy
from kosilab.labs.rules import staff_of_lab
from kosilab.processes.rules import can_steer


@rules.predicate
def change_indicator(user: Viewer, indicator: Any) -> bool:
    if indicator.process_id is not None:
        return bool(can_steer.test(user, indicator.process))
    return bool((staff_of_lab | platform_admin).test(user, indicator.lab))


# Who sees an indicator: kosilab/impact/policies.py.
rules.add_perm("impact.view_indicator", indicator_policy.predicate)
rules.add_perm("impact.change_indicator", change_indicator)
# The obj is a Process (or a Lab, for indicators of the whole lab).
rules.add_perm("impact.add_process_indicator", can_steer)
rules.add_perm("impact.add_lab_indicator", staff_of_lab | platform_admin)
