"""Who may make a research export (docs/research-export.md): platform admins of the whole
installation or of any lab; lab managers of the labs they manage (facilitators do not: an export
holds the lab's data about people, pseudonymised)."""

from __future__ import annotations

import rules

from kosilab.accounts.types import Viewer
from kosilab.core.roles import platform_admin
from kosilab.labs.models import LabRole
from kosilab.labs.roles import lab_roles
from kosilab.labs.rules import manager_of_lab


@rules.predicate
def manager_of_any_lab(user: Viewer) -> bool:
    return LabRole.MANAGER in lab_roles(user).values()


# The export page (no object).
rules.add_perm("research.export", manager_of_any_lab | platform_admin)
# An export of one lab (the obj is the lab).
rules.add_perm("research.export_lab", manager_of_lab | platform_admin)
# An export of the whole installation.
rules.add_perm("research.export_all", platform_admin)


def exportable_lab_ids(user: Viewer) -> list[int] | None:
    """The labs ``user`` may export, or None for every lab (a platform admin)."""
    if platform_admin(user):
        return None
    return sorted(lab for lab, role in lab_roles(user).items() if role == LabRole.MANAGER)
