"""Labs in bulk, for the query pins of the pages that list them."""

from __future__ import annotations

from collections.abc import Callable

from kosilab.accounts.models import User
from kosilab.actors.models import Organisation
from kosilab.core.tests.factories import ChallengeFactory, LabFactory
from kosilab.labs.models import LabMembership, LabRole
from kosilab.labs.services import lab_team_set


def grow_labs(manager: User) -> Callable[[int], None]:
    """Adds n labs, each with ``manager`` as a facilitator and one open challenge."""

    def grow(n: int) -> None:
        for _ in range(n):
            lab = LabFactory(slug=f"lab-{LabMembership.objects.count()}-{Organisation.objects.count()}")
            lab_team_set(lab=lab, user=manager, role=LabRole.FACILITATOR, by=None)
            ChallengeFactory(lab=lab, status="open")

    return grow
