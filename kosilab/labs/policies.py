"""Who may see a lab, and anything that is seen where its lab is seen (kosilab/core/visibility.py)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q

from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register, under
from kosilab.labs.models import Lab
from kosilab.labs.roles import lab_roles, staff_lab_ids

M = TypeVar("M", bound=Model)


class LabPolicy(VisibilityPolicy[Lab]):
    """A public lab is seen by everybody; a lab that is not public only by its team."""

    model = Lab
    perm = "labs.view_lab"

    def public(self, obj: Lab) -> bool:
        return bool(obj.is_public)

    def public_q(self) -> Q:
        return Q(is_public=True)

    def granted(self, user: AccountOrAnonymous, obj: Lab) -> bool:
        return obj.pk in lab_roles(user)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return Q(pk__in=staff_lab_ids(user))


lab_policy = register(LabPolicy())


class InLabPolicy(VisibilityPolicy[M]):
    """For what is seen where its lab is seen (rooms, resources, bookings): by everybody in a public
    lab, otherwise by the lab's team. Subclasses name the model and the permission."""

    related = ("lab",)

    def public(self, obj: M) -> bool:
        return lab_policy.public(obj.lab)  # type: ignore[attr-defined]

    def public_q(self) -> Q:
        return under("lab", lab_policy.public_q())

    def granted(self, user: AccountOrAnonymous, obj: M) -> bool:
        return obj.lab_id in lab_roles(user)  # type: ignore[attr-defined]

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return Q(lab_id__in=staff_lab_ids(user))
