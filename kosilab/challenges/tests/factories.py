"""Challenges in bulk, for the query pins of every page that lists them."""

from __future__ import annotations

from collections.abc import Callable

from kosilab.challenges.models import Participation, WantedSector
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import ChallengeFactory, UserFactory
from kosilab.labs.models import Lab


def grow_challenges(lab: Lab) -> Callable[[int], None]:
    """Adds n open challenges to the lab, each with two wanted sectors and one participant."""

    def grow(n: int) -> None:
        for _ in range(n):
            challenge = ChallengeFactory(lab=lab, status="open")
            WantedSector.objects.create(challenge=challenge, sector=Sector.SCIENCE)
            WantedSector.objects.create(challenge=challenge, sector=Sector.PUBLIC)
            Participation.objects.create(challenge=challenge, user=UserFactory(), kind="joined")

    return grow
