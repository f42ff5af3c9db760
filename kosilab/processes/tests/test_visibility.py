"""Who sees a process, and a person's profile: the object rule, the queryset and the permission
agree (kosilab/core/tests/visibility.py)."""

from __future__ import annotations

from kosilab.actors.models import Profile, Visibility
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import UserFactory
from kosilab.core.tests.visibility import agreement
from kosilab.processes.models import ProcessMember
from kosilab.processes.policies import process_policy, profile_policy
from kosilab.processes.tests.visibility import processes_in_every_state


@agreement(process_policy)
def test_processes(world):
    return processes_in_every_state(world).values()


@agreement(profile_policy)
def test_profiles(world):
    """Profiles in every visibility, of people on no process, on a process of the public lab, of
    the hidden lab and of lab "other"; the people of the roles keep their own (one private)."""
    processes = processes_in_every_state(world)
    Profile.objects.filter(user=world["people"]["participant"]).update(visibility=Visibility.PRIVATE)
    Profile.objects.filter(user=world["people"]["member"]).update(visibility=Visibility.MEMBERS)
    for where in (None, "home-internal", "hidden-public", "other-internal", "other-public"):
        for visibility in Visibility:
            user = UserFactory(profile={"visibility": visibility, "sector": Sector.CIVIL_SOCIETY})
            if where is not None:
                ProcessMember.objects.create(process=processes[where], user=user, sector=Sector.CIVIL_SOCIETY)
    return Profile.objects.all()
