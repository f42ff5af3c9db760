"""Who may record and change the continuation of a result: whoever may change the result (see
kosilab/results/rules.py: lab staff, process lead or facilitator, platform admin). What became of a
public result is public; the pages of this app show nothing else to visitors."""

from __future__ import annotations

from typing import Any

import rules

from kosilab.accounts.types import Viewer
from kosilab.continuation.policies import handover_policy


@rules.predicate
def may_change_result(user: Viewer, handover: Any) -> bool:
    return bool(user.has_perm("results.change_result", handover.result))


# Who sees a handover (whoever sees its result): kosilab/continuation/policies.py.
rules.add_perm("continuation.view_handover", handover_policy.predicate)
rules.add_perm("continuation.change_handover", may_change_result)
