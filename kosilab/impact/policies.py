"""Who may see an indicator (kosilab/core/visibility.py)."""

from __future__ import annotations

from django.db.models import Q

from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register, under
from kosilab.impact.models import Indicator
from kosilab.labs.policies import lab_policy
from kosilab.processes.policies import process_policy


class IndicatorPolicy(VisibilityPolicy[Indicator]):
    """An indicator of a process is seen by whoever sees the process; an indicator of the whole lab
    (no process) by whoever sees the lab."""

    model = Indicator
    perm = "impact.view_indicator"
    related = ("lab", "process", "process__lab")

    def public(self, obj: Indicator) -> bool:
        if obj.process is not None:  # (no query for an indicator of the whole lab)
            return process_policy.public(obj.process)
        return lab_policy.public(obj.lab)

    def public_q(self) -> Q:
        of_process = Q(process__isnull=False) & under("process", process_policy.public_q())
        of_lab = Q(process__isnull=True) & under("lab", lab_policy.public_q())
        return of_process | of_lab

    def granted(self, user: AccountOrAnonymous, obj: Indicator) -> bool:
        if obj.process is not None:
            return process_policy.granted(user, obj.process)
        return lab_policy.granted(user, obj.lab)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        of_process = Q(process__isnull=False) & under("process", process_policy.granted_q(user))
        of_lab = Q(process__isnull=True) & under("lab", lab_policy.granted_q(user))
        return of_process | of_lab


indicator_policy = register(IndicatorPolicy())
