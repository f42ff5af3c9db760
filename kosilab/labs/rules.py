"""Who may do what with labs. Declared once here; tested as a matrix in tests/test_permission_matrix.py."""

from __future__ import annotations

from typing import Any

import rules

from kosilab.accounts.types import Viewer
from kosilab.core.roles import platform_admin
from kosilab.labs.models import LabRole
from kosilab.labs.policies import lab_policy
from kosilab.labs.roles import lab_roles


def lab_id_of(obj: Any) -> int | None:
    """The lab an object belongs to: a Lab itself, or anything with a lab_id."""
    from kosilab.labs.models import Lab

    if isinstance(obj, Lab):
        return obj.pk
    return getattr(obj, "lab_id", None)


@rules.predicate
def any_lab_staff(user: Viewer) -> bool:
    return bool(lab_roles(user))


@rules.predicate
def manager_of_lab(user: Viewer, obj: Any) -> bool:
    return lab_roles(user).get(lab_id_of(obj) or 0) == LabRole.MANAGER


@rules.predicate
def staff_of_lab(user: Viewer, obj: Any) -> bool:
    return (lab_id_of(obj) or 0) in lab_roles(user)


# Who sees a lab: kosilab/labs/policies.py.
rules.add_perm("labs.view_lab", lab_policy.predicate)
rules.add_perm("labs.change_lab", manager_of_lab | platform_admin)
rules.add_perm("labs.manage_team", manager_of_lab | platform_admin)
rules.add_perm("labs.change_phase_template", manager_of_lab | platform_admin)
# The lab's audit log names everyone who acted in the lab: its managers read it, facilitators do not.
rules.add_perm("labs.view_audit_log", manager_of_lab | platform_admin)
rules.add_perm("labs.add_challenge", staff_of_lab | platform_admin)
rules.add_perm("labs.manage", staff_of_lab | platform_admin)

# Organisations are kept up to date by the staff of any lab (declared here, where lab teams are).
rules.add_perm("actors.change_organisation", any_lab_staff | platform_admin)
