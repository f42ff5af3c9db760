"""Who may see a lab profile (kosilab/core/visibility.py)."""

from __future__ import annotations

from django.db.models import Q

from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import VisibilityPolicy, register, under
from kosilab.knowledge.models import LabProfile, LabRelation
from kosilab.labs.policies import lab_policy
from kosilab.labs.roles import lab_roles, staff_lab_ids


class ProfilePolicy(VisibilityPolicy[LabProfile]):
    """The case studies of the library (no lab) are seen by everybody; the profile of a lab on this
    platform exactly where its lab is seen (a public lab's by everybody, otherwise by its team)."""

    model = LabProfile
    perm = "knowledge.view_labprofile"
    related = ("lab",)

    def public(self, obj: LabProfile) -> bool:
        return obj.lab_id is None or lab_policy.public(obj.lab)  # type: ignore[arg-type]

    def public_q(self) -> Q:
        return Q(lab__isnull=True) | under("lab", lab_policy.public_q())

    def granted(self, user: AccountOrAnonymous, obj: LabProfile) -> bool:
        return obj.lab_id is not None and obj.lab_id in lab_roles(user)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return Q(lab_id__in=staff_lab_ids(user))


profile_policy = register(ProfilePolicy())


class RelationPolicy(VisibilityPolicy[LabRelation]):
    """A lab's partner or role model is seen where both labs are seen: the lab that names it (by its
    lab's policy) and the lab it names (by the profile's policy above)."""

    model = LabRelation
    perm = "knowledge.view_relation"
    related = ("lab", "target", "target__lab")

    def public(self, obj: LabRelation) -> bool:
        return lab_policy.public(obj.lab) and profile_policy.public(obj.target)

    def public_q(self) -> Q:
        return under("lab", lab_policy.public_q()) & under("target", profile_policy.public_q())

    def granted(self, user: AccountOrAnonymous, obj: LabRelation) -> bool:
        return lab_policy.may_see(user, obj.lab) and profile_policy.may_see(user, obj.target)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return under("lab", lab_policy.public_q() | lab_policy.granted_q(user)) & under(
            "target", profile_policy.public_q() | profile_policy.granted_q(user)
        )


relation_policy = register(RelationPolicy())
