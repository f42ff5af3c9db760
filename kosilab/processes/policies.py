"""Who may see a lab process (kosilab/core/visibility.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kosilab.core.visibility import VisibilityPolicy, register, under
from kosilab.labs.policies import lab_policy
from kosilab.labs.roles import lab_roles, staff_lab_ids
from kosilab.processes.models import Process, ProcessVisibility
from kosilab.processes.roles import process_roles


class ProcessPolicy(VisibilityPolicy[Process]):
    """A public process of a public lab is seen by everybody; an internal one, or one of a lab that
    is not public, by its team and by the lab's team."""

    model = Process
    perm = "processes.view_process"
    related = ("lab",)

    def public(self, obj: Process) -> bool:
        return obj.visibility == ProcessVisibility.PUBLIC and lab_policy.public(obj.lab)

    def public_q(self) -> Q:
        return Q(visibility=ProcessVisibility.PUBLIC) & under("lab", lab_policy.public_q())

    def granted(self, user: Any, obj: Process) -> bool:
        return obj.pk in process_roles(user) or obj.lab_id in lab_roles(user)

    def granted_q(self, user: Any) -> Q:
        return Q(pk__in=list(process_roles(user))) | Q(lab_id__in=staff_lab_ids(user))


process_policy = register(ProcessPolicy())
