from __future__ import annotations

from typing import Any

import rules

from kosilab.actors.rules import profile_visible
from kosilab.core.roles import platform_admin
from kosilab.labs.roles import lab_roles
from kosilab.labs.rules import staff_of_lab
from kosilab.processes.models import MemberRole
from kosilab.processes.policies import process_policy
from kosilab.processes.roles import process_roles


@rules.predicate
def process_member(user: Any, process: Any) -> bool:
    return process.pk in process_roles(user)


@rules.predicate
def process_lead(user: Any, process: Any) -> bool:
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


@rules.predicate
def works_with(user: Any, profile: Any) -> bool:
    """A private profile is seen by the process teams the person belongs to and by the staff of
    the labs of those processes (declared here, where the teams are)."""
    from kosilab.processes.models import ProcessMember

    if not user.is_authenticated:
        return False
    theirs = ProcessMember.objects.filter(user_id=profile.user_id)
    return (
        theirs.filter(process_id__in=list(process_roles(user))).exists()
        or theirs.filter(process__lab_id__in=list(lab_roles(user))).exists()
    )


rules.add_perm("actors.view_profile", profile_visible | works_with | platform_admin)
