"""Who may do what with lab profiles (docs/knowledge.md, docs/permissions.md).

- ``knowledge.view_labprofile``: who sees a profile (policies.py); the authors of its versions are
  named to platform admins only (``knowledge.see_revision_authors``).
- ``knowledge.propose``: lab staff (managers and facilitators of any lab) and platform admins. Asked
  without an object ("may this person propose at all?") or of a Lab ("on behalf of this lab?").
- ``knowledge.review_proposal``, ``knowledge.check_facts``: platform admins.
- ``knowledge.view_proposal``: on a ProfileProposal, its author and platform admins; nobody else
  learns that it exists. ``knowledge.withdraw_proposal``: its author.
- ``knowledge.change_own_profile``: on a Lab, the lab's managers and platform admins. Facilitators
  do not change the lab's own profile (as they do not change the lab itself, ``labs.change_lab``);
  they read it on its public page.
"""

from __future__ import annotations

from typing import Any

import rules

from kosilab.accounts.types import Viewer
from kosilab.core.roles import platform_admin
from kosilab.knowledge.policies import profile_policy, relation_policy
from kosilab.labs.roles import lab_roles
from kosilab.labs.rules import manager_of_lab, staff_of_lab


@rules.predicate
def staff_for(user: Viewer, lab: Any = None) -> bool:
    """Staff of some lab (without an object), or of the given lab."""
    roles = lab_roles(user)
    if lab is None:
        return bool(roles)
    return getattr(lab, "pk", None) in roles


@rules.predicate
def proposer(user: Viewer, proposal: Any) -> bool:
    return bool(user.is_authenticated and proposal is not None and proposal.proposed_by_id == user.pk)


rules.add_perm("knowledge.propose", staff_for | platform_admin)
rules.add_perm("knowledge.review_proposal", platform_admin)
rules.add_perm("knowledge.view_proposal", proposer | platform_admin)
# Only its author takes a proposal back (a platform admin, who holds every permission, is refused by
# the service and turns the proposal down instead).
rules.add_perm("knowledge.withdraw_proposal", proposer)
rules.add_perm("knowledge.change_own_profile", manager_of_lab | platform_admin)
rules.add_perm("knowledge.check_facts", platform_admin)

# On a LabProfile: it exists for you (others get "not found"); who sees it: policies.py. Its
# version history is seen by the same people; the names of the authors (asked of the profile)
# only by platform admins.
rules.add_perm("knowledge.view_labprofile", profile_policy.predicate)
rules.add_perm("knowledge.see_revision_authors", platform_admin)

# Compare your lab and the network of labs (docs/knowledge.md): the comparison shows the lab's own
# profile and is the lab's working tool, for its staff and platform admins; a lab's managers and
# platform admins name its partners and role models; a relation is seen where both labs are seen.
rules.add_perm("knowledge.compare_lab", staff_of_lab | platform_admin)
rules.add_perm("knowledge.change_relations", manager_of_lab | platform_admin)
rules.add_perm("knowledge.view_relation", relation_policy.predicate)
