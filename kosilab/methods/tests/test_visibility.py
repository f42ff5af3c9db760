"""Who sees a method: the object rule, the queryset and the permission agree (kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.core.tests.visibility import agreement
from kosilab.methods.policies import method_policy
from kosilab.methods.tests.factories import MethodFactory


@agreement(method_policy)
def test_methods(world):
    shared = MethodFactory(lab=None)
    return [shared, *(MethodFactory(lab=world[lab]) for lab in ("lab", "private_lab", "other_lab"))]
