"""Who sees a challenge: the object rule, the queryset and the permission agree (kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.challenges.models import ChallengeStatus
from kosilab.challenges.policies import challenge_policy
from kosilab.core.tests.factories import ChallengeFactory
from kosilab.core.tests.visibility import agreement


@agreement(challenge_policy)
def test_challenges(world):
    labs = [world["lab"], world["private_lab"], world["other_lab"]]
    return [ChallengeFactory(lab=lab, status=status) for lab in labs for status in ChallengeStatus]
