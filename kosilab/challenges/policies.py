"""Who may see a challenge (kosilab/core/visibility.py)."""

from __future__ import annotations

from django.db.models import Q

from kosilab.challenges.models import PUBLIC_STATUSES, Challenge
from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register, under
from kosilab.labs.policies import lab_policy
from kosilab.labs.roles import lab_roles, staff_lab_ids


class ChallengePolicy(VisibilityPolicy[Challenge]):
    """A published challenge (open, in progress or closed) of a public lab is seen by everybody;
    drafts and the challenges of a lab that is not public only by the lab's team."""

    model = Challenge
    perm = "challenges.view_challenge"
    related = ("lab",)

    def public(self, obj: Challenge) -> bool:
        return obj.status in PUBLIC_STATUSES and lab_policy.public(obj.lab)

    def public_q(self) -> Q:
        return Q(status__in=PUBLIC_STATUSES) & under("lab", lab_policy.public_q())

    def granted(self, user: AccountOrAnonymous, obj: Challenge) -> bool:
        return obj.lab_id in lab_roles(user)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return Q(lab_id__in=staff_lab_ids(user))


challenge_policy = register(ChallengePolicy())
