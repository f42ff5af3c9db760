from __future__ import annotations

from typing import Any

import rules

from kosilab.accounts.types import Viewer
from kosilab.core.roles import platform_admin
from kosilab.labs.rules import staff_of_lab
from kosilab.processes.models import MemberRole
from kosilab.processes.policies import process_policy, profile_policy
from kosilab.processes.roles import process_roles


@rules.predicate
def process_member(user: Viewer, process: Any) -> bool:
    return process.pk in process_roles(user)


@rules.predicate
def process_lead(user: Viewer, process: Any) -> bool:
    return process_roles(user).get(process.pk) in (MemberRole.LEAD, MemberRole.FACILITATOR)


can_steer = staff_of_lab | process_lead | platform_admin

# Who sees a process: kosilab/processes/policies.py.
rules.add_perm("processes.view_process", process_policy.predicate)
rules.add_perm("processes.change_process", can_steer)
rules.add_perm("processes.manage_team", can_steer)
rules.add_perm("processes.advance_phase", can_steer)
rules.add_perm("processes.manage_milestones", can_steer)
rules.add_perm("processes.add_log_entry", process_member | staff_of_lab | platform_admin)
# Names of people whose profile is not public: for those who work with them.
rules.add_perm("processes.see_private_names", process_member | staff_of_lab | platform_admin)


# Who sees a person's profile (a private one: the teams they work in), declared where the teams
# are: kosilab/processes/policies.py.
rules.add_perm("actors.view_profile", profile_policy.predicate)
