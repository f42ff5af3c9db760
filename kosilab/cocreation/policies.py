"""Who may see an idea (kosilab/core/visibility.py)."""

from __future__ import annotations

from django.db.models import Q

from kosilab.challenges.policies import challenge_policy
from kosilab.cocreation.models import Idea
from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register, under
from kosilab.processes.policies import process_policy


class IdeaPolicy(VisibilityPolicy[Idea]):
    """Ideas, with their comments, are seen where their place is seen: the challenge, or the process
    of the phase. What the pages show of hidden and deleted ideas is theirs to say (docs/cocreation.md)."""

    model = Idea
    perm = "cocreation.view_idea"
    related = ("challenge__lab", "phase__process__lab")

    def public(self, obj: Idea) -> bool:
        if obj.challenge_id is not None:
            return challenge_policy.public(obj.challenge)  # type: ignore[arg-type]
        return process_policy.public(obj.phase.process)  # type: ignore[union-attr]

    def public_q(self) -> Q:
        on_challenge = Q(challenge__isnull=False) & under("challenge", challenge_policy.public_q())
        on_phase = Q(challenge__isnull=True) & under("phase__process", process_policy.public_q())
        return on_challenge | on_phase

    def granted(self, user: AccountOrAnonymous, obj: Idea) -> bool:
        if obj.challenge_id is not None:
            return challenge_policy.granted(user, obj.challenge)  # type: ignore[arg-type]
        return process_policy.granted(user, obj.phase.process)  # type: ignore[union-attr]

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        on_challenge = Q(challenge__isnull=False) & under("challenge", challenge_policy.granted_q(user))
        on_phase = Q(challenge__isnull=True) & under("phase__process", process_policy.granted_q(user))
        return on_challenge | on_phase


idea_policy = register(IdeaPolicy())
