"""Who sees a handover: the object rule, the queryset and the permission agree (kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.continuation.models import ContinuationForm, Handover, HandoverStatus, TakerKind
from kosilab.continuation.policies import handover_policy
from kosilab.core.tests.visibility import agreement
from kosilab.results.tests.visibility import results_in_every_state


@agreement(handover_policy)
def test_handovers(world):
    return [
        Handover.objects.create(
            result=result,
            taker_kind=TakerKind.ADMINISTRATION,
            taker_name="Office for the environment",
            form=ContinuationForm.REGULAR_SERVICE,
            status=status,
        )
        for result in results_in_every_state(world)
        for status in (HandoverStatus.PLANNED, HandoverStatus.CONTINUED)
    ]
