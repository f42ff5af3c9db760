"""Who may see a method (kosilab/core/visibility.py)."""

from __future__ import annotations

from django.db.models import Q

from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register, under
from kosilab.labs.policies import lab_policy
from kosilab.labs.roles import lab_roles, staff_lab_ids
from kosilab.methods.models import Method


class MethodPolicy(VisibilityPolicy[Method]):
    """The shared library (methods without a lab) and the methods of public labs are seen by
    everybody; a lab's own methods otherwise by the lab's team."""

    model = Method
    perm = "methods.view_method"
    related = ("lab",)

    def public(self, obj: Method) -> bool:
        return obj.lab is None or lab_policy.public(obj.lab)  # (no query for a method without a lab)

    def public_q(self) -> Q:
        return Q(lab__isnull=True) | under("lab", lab_policy.public_q())

    def granted(self, user: AccountOrAnonymous, obj: Method) -> bool:
        return obj.lab_id is not None and obj.lab_id in lab_roles(user)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return Q(lab_id__in=staff_lab_ids(user))


method_policy = register(MethodPolicy())
