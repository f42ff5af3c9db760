"""Who sees an idea: the object rule, the queryset and the permission agree (kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.challenges.models import ChallengeStatus
from kosilab.cocreation.models import Idea
from kosilab.cocreation.policies import idea_policy
from kosilab.core.tests.factories import ChallengeFactory
from kosilab.core.tests.visibility import agreement
from kosilab.processes.tests.visibility import processes_in_every_state


def _idea(author, **place):
    return Idea.objects.create(author=author, title="Benches at the river", text="More benches.", **place)


@agreement(idea_policy)
def test_ideas(world):
    author = world["people"]["participant"]
    ideas = []
    for lab in ("lab", "private_lab", "other_lab"):
        for status in ChallengeStatus:
            challenge = ChallengeFactory(lab=world[lab], status=status)
            ideas.append(_idea(author, challenge=challenge, lab=world[lab]))
    for process in processes_in_every_state(world).values():
        ideas.append(_idea(author, phase=process.current_phase, lab_id=process.lab_id))
    hidden = ideas[1]
    hidden.hidden, hidden.deleted = True, True  # the pages hide these; the place decides who sees them
    hidden.save(update_fields=["hidden", "deleted"])
    return ideas
