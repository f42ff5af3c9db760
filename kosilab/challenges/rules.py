from __future__ import annotations

from typing import Any

import rules

from kosilab.accounts.types import Viewer
from kosilab.challenges.policies import challenge_policy
from kosilab.core.roles import platform_admin
from kosilab.labs.rules import staff_of_lab


@rules.predicate
def accepts_participants(user: Viewer, challenge: Any) -> bool:
    return bool(challenge.accepts_participants)


# Who sees a challenge: kosilab/challenges/policies.py.
can_view = challenge_policy.predicate

rules.add_perm("challenges.view_challenge", can_view)
rules.add_perm("challenges.change_challenge", staff_of_lab | platform_admin)
rules.add_perm("challenges.start_process", staff_of_lab | platform_admin)
rules.add_perm("challenges.view_participants", staff_of_lab | platform_admin)
rules.add_perm("challenges.participate", rules.is_authenticated & can_view & accepts_participants)
# Leaving is always possible, also after the challenge has closed.
rules.add_perm("challenges.leave", rules.is_authenticated & can_view)
