"""Who may do what with labs. Declared once here; tested as a matrix in tests/test_permissions.py."""

from __future__ import annotations

from typing import Any

import rules

from kosilab.core.roles import is_platform_admin
from kosilab.labs.models import LabRole
from kosilab.labs.roles import lab_roles


def lab_id_of(obj: Any) -> int | None:
    """The lab an object belongs to: a Lab itself, or anything with a lab_id."""
    from kosilab.labs.models import Lab

    if isinstance(obj, Lab):
        return obj.pk
    return getattr(obj, "lab_id", None)


@rules.predicate
def platform_admin(user: Any) -> bool:
    return is_platform_admin(user)


@rules.predicate
def manager_of_lab(user: Any, obj: Any) -> bool:
    return lab_roles(user).get(lab_id_of(obj) or 0) == LabRole.MANAGER


@rules.predicate
def staff_of_lab(user: Any, obj: Any) -> bool:
    return (lab_id_of(obj) or 0) in lab_roles(user)


@rules.predicate
def lab_is_public(user: Any, lab: Any) -> bool:
    return bool(lab.is_public)


rules.add_perm("labs.view_lab", lab_is_public | staff_of_lab | platform_admin)
rules.add_perm("labs.change_lab", manager_of_lab | platform_admin)
rules.add_perm("labs.manage_team", manager_of_lab | platform_admin)
rules.add_perm("labs.change_phase_template", manager_of_lab | platform_admin)
# The lab's audit log names everyone who acted in the lab: its managers read it, facilitators do not.
rules.add_perm("labs.view_audit_log", manager_of_lab | platform_admin)
rules.add_perm("labs.add_challenge", staff_of_lab | platform_admin)
rules.add_perm("labs.manage", staff_of_lab | platform_admin)
