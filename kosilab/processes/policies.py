"""Who may see a lab process, and a person's profile (kosilab/core/visibility.py)."""

from __future__ import annotations

from django.db.models import Q

from kosilab.actors.models import Profile, Visibility
from kosilab.core.types import AccountOrAnonymous
from kosilab.core.visibility import NOTHING, VisibilityPolicy, register, under
from kosilab.labs.policies import lab_policy
from kosilab.labs.roles import lab_roles, staff_lab_ids
from kosilab.processes.models import Process, ProcessMember, ProcessVisibility
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

    def granted(self, user: AccountOrAnonymous, obj: Process) -> bool:
        return obj.pk in process_roles(user) or obj.lab_id in lab_roles(user)

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return Q(pk__in=list(process_roles(user))) | Q(lab_id__in=staff_lab_ids(user))


process_policy = register(ProcessPolicy())


class ProfilePolicy(VisibilityPolicy[Profile]):
    """A public profile is seen by everybody, a members-only one by everybody logged in, one's own by
    oneself; a private profile also by the process teams the person belongs to and by the teams of
    those processes' labs. Declared here, where the teams are (actors sits below processes). Asks
    the database per profile whether the person works with the viewer."""

    model = Profile
    perm = "actors.view_profile"
    queries_per_object = True  # is the person in one of the viewer's processes or their labs' processes?

    def public(self, obj: Profile) -> bool:
        return obj.visibility == Visibility.PUBLIC

    def public_q(self) -> Q:
        return Q(visibility=Visibility.PUBLIC)

    def granted(self, user: AccountOrAnonymous, obj: Profile) -> bool:
        if not user.is_authenticated:
            return False
        if obj.user_id == user.pk or obj.visibility == Visibility.MEMBERS:
            return True
        theirs = ProcessMember.objects.filter(user_id=obj.user_id)
        return (
            theirs.filter(process_id__in=list(process_roles(user))).exists()
            or theirs.filter(process__lab_id__in=list(lab_roles(user))).exists()
        )

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        if not user.is_authenticated:
            return NOTHING
        teams = Q(process_id__in=list(process_roles(user))) | Q(process__lab_id__in=list(lab_roles(user)))
        works_with = ProcessMember.objects.filter(teams).values("user_id")
        return Q(user_id=user.pk) | Q(visibility=Visibility.MEMBERS) | Q(user_id__in=works_with)


profile_policy = register(ProfilePolicy())
