"""Who may plan sessions. Declared once here; tested as a matrix in tests/test_permission_matrix.py.

A process's sessions are planned by those who steer the process (``processes.change_process``:
the lab's staff, the process lead and facilitators, platform admins). The rest of the process
team reads the agenda, its print view, PDF and calendar entry. Templates belong to the lab's
staff. Booking a room from the planner also needs ``rooms.book`` on the lab.
"""

from __future__ import annotations

from typing import Any

import rules

from kosilab.accounts.types import Viewer
from kosilab.core.roles import platform_admin
from kosilab.labs.rules import staff_of_lab
from kosilab.planning.policies import session_policy
from kosilab.processes.rules import can_steer, process_member


@rules.predicate
def steers_session_process(user: Viewer, session: Any) -> bool:
    return session.process_id is not None and bool(can_steer.test(user, session.process))


@rules.predicate
def template_of_own_lab(user: Viewer, session: Any) -> bool:
    return bool(session.is_template) and bool(staff_of_lab.test(user, session))


plans = steers_session_process | template_of_own_lab | platform_admin

# On a Session: it exists for you (who: kosilab/planning/policies.py); change its plan (blocks,
# times, booking, invitations, copies).
rules.add_perm("planning.view_session", session_policy.predicate)
rules.add_perm("planning.change_session", plans)
# On a Process: list its sessions; plan a new one.
rules.add_perm("planning.view_sessions", can_steer | process_member)
rules.add_perm("planning.add_session", can_steer)
# On a Lab: its templates.
rules.add_perm("planning.view_templates", staff_of_lab | platform_admin)
