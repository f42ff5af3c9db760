"""Who may see a lab's playbook (kosilab/core/visibility.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register
from kosilab.labs.roles import lab_roles, staff_lab_ids
from kosilab.labs.rules import lab_id_of
from kosilab.playbook.models import Playbook


class PlaybookPolicy(VisibilityPolicy[Playbook]):
    """The playbook is the lab's internal working tool: only the lab's team sees it, also in a
    public lab. The views ask the permission of the lab itself (its playbook is created by the first
    write), so the rule takes a Lab as well as a Playbook."""

    model = Playbook
    perm = "playbook.view_playbook"

    def granted(self, user: AccountOrAnonymous, obj: Any) -> bool:
        return lab_id_of(obj) in lab_roles(user)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return Q(lab_id__in=staff_lab_ids(user))


playbook_policy = register(PlaybookPolicy())
