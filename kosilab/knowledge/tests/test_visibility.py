"""Who sees a lab profile: the object rule, the queryset and the permission agree (kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.core.tests.visibility import agreement
from kosilab.knowledge.policies import profile_policy
from kosilab.knowledge.tests.library_factories import ProfileFactory


@agreement(profile_policy)
def test_profiles(world):
    case_study = ProfileFactory(lab=None)
    return [case_study, *(ProfileFactory(lab=world[lab]) for lab in ("lab", "private_lab", "other_lab"))]
