"""Who may see a handover: whoever sees its result (kosilab/core/visibility.py)."""

from __future__ import annotations

from django.db.models import Q

from kosilab.continuation.models import Handover
from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register, under
from kosilab.results.policies import result_policy


class HandoverPolicy(VisibilityPolicy[Handover]):
    """What became of a result is seen where the result is seen: by everybody for a public result
    (the "what became of it" pages), otherwise by the process team and the lab's team."""

    model = Handover
    perm = "continuation.view_handover"
    related = ("result", "result__process", "result__process__lab")

    def public(self, obj: Handover) -> bool:
        return result_policy.public(obj.result)

    def public_q(self) -> Q:
        return under("result", result_policy.public_q())

    def granted(self, user: AccountOrAnonymous, obj: Handover) -> bool:
        return result_policy.granted(user, obj.result)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return under("result", result_policy.granted_q(user))


handover_policy = register(HandoverPolicy())
