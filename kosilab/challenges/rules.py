from __future__ import annotations

from typing import Any

import rules

from kosilab.labs.rules import platform_admin, staff_of_lab


@rules.predicate
def challenge_is_public(user: Any, challenge: Any) -> bool:
    return bool(challenge.is_public)


@rules.predicate
def accepts_participants(user: Any, challenge: Any) -> bool:
    return bool(challenge.accepts_participants)


can_view = challenge_is_public | staff_of_lab | platform_admin

rules.add_perm("challenges.view_challenge", can_view)
rules.add_perm("challenges.change_challenge", staff_of_lab | platform_admin)
rules.add_perm("challenges.start_process", staff_of_lab | platform_admin)
rules.add_perm("challenges.view_participants", staff_of_lab | platform_admin)
rules.add_perm("challenges.participate", rules.is_authenticated & can_view & accepts_participants)
# Leaving is always possible, also after the challenge has closed.
rules.add_perm("challenges.leave", rules.is_authenticated & can_view)
