"""Who may do what with lab profiles (docs/knowledge.md)."""

from __future__ import annotations

import rules

from kosilab.core.roles import platform_admin
from kosilab.knowledge.policies import profile_policy

# On a LabProfile: it exists for you (others get "not found"); who sees it: policies.py. Its
# version history is seen by the same people; the names of the authors (asked of the profile)
# only by platform admins.
rules.add_perm("knowledge.view_labprofile", profile_policy.predicate)
rules.add_perm("knowledge.see_revision_authors", platform_admin)
