"""Who sees a lab's playbook: the object rule, the queryset and the permission agree
(kosilab/core/tests/visibility.py); the views ask the permission of the lab, which says the same."""

from __future__ import annotations

from kosilab.core.tests.visibility import ROLES, agreement, person, visibility_world
from kosilab.playbook.models import Playbook
from kosilab.playbook.policies import playbook_policy

LABS = ("lab", "private_lab", "other_lab")


@agreement(playbook_policy)
def test_playbooks(world):
    return [Playbook.objects.create(lab=world[lab]) for lab in LABS]


def test_the_permission_on_the_lab_is_the_permission_on_its_playbook(db):
    world = visibility_world()
    for name in LABS:
        playbook = Playbook.objects.create(lab=world[name])
        for role in ROLES:
            user = person(world, role)
            assert user.has_perm("playbook.view_playbook", world[name]) == playbook_policy.may_see(user, playbook)
