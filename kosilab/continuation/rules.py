"""Who may record and change the continuation of a result: whoever may change the result (see
kosilab/results/rules.py: lab staff, process lead or facilitator, platform admin). What became of a
public result is public; the pages of this app show nothing else to visitors."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def may_change_result(user: Any, handover: Any) -> bool:
    return bool(user.has_perm("results.change_result", handover.result))


rules.add_perm("continuation.change_handover", may_change_result)
