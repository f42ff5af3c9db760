"""Who may see and change a lab's sustainability watch and legacy. Declared once here; tested as a
matrix in tests/test_permission_matrix.py.

The watch (mandates, sponsors, funding, renewal decisions, warnings) is the lab's internal record:
its team sees it (facilitators read it), its managers and platform admins keep it. For everybody
else it does not exist (404), also for a public lab. The legacy page is seen by the same team;
exporting the archive and loading a predecessor's archive are for managers and platform admins.
The object of the lab-level permissions is the lab (or anything with a ``lab_id``).
"""

from __future__ import annotations

from typing import Any

import rules

from kosilab.accounts.types import Viewer
from kosilab.core.roles import platform_admin
from kosilab.labs.roles import lab_roles
from kosilab.labs.rules import lab_id_of, manager_of_lab
from kosilab.sustainability.policies import (
    archive_policy,
    decision_policy,
    funding_policy,
    mandate_policy,
    sponsor_policy,
)


@rules.predicate
def team_of_lab(user: Viewer, obj: Any) -> bool:
    return (lab_id_of(obj) or 0) in lab_roles(user)


# The records, one view permission each from their policies (kosilab/sustainability/policies.py).
rules.add_perm("sustainability.view_mandate", mandate_policy.predicate)
rules.add_perm("sustainability.view_sponsor", sponsor_policy.predicate)
rules.add_perm("sustainability.view_funding", funding_policy.predicate)
rules.add_perm("sustainability.view_renewaldecision", decision_policy.predicate)
rules.add_perm("sustainability.view_inheritedarchive", archive_policy.predicate)

# The pages of a lab.
rules.add_perm("sustainability.view_watch", team_of_lab | platform_admin)
rules.add_perm("sustainability.change_watch", manager_of_lab | platform_admin)
rules.add_perm("sustainability.view_legacy", team_of_lab | platform_admin)
rules.add_perm("sustainability.export_legacy", manager_of_lab | platform_admin)
rules.add_perm("sustainability.import_legacy", manager_of_lab | platform_admin)
