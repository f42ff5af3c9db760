from __future__ import annotations

from django.db.models import QuerySet

from kosilab.accounts.types import Viewer
from kosilab.core.roles import is_platform_admin
from kosilab.labs.extensions import LAB_LIST
from kosilab.labs.models import Lab, LabMembership
from kosilab.labs.policies import lab_policy
from kosilab.labs.roles import lab_roles


def visible_labs(user: Viewer) -> QuerySet[Lab]:
    return lab_policy.visible(user)


def lab_list(user: Viewer) -> QuerySet[Lab]:
    """The labs a user may see, with the figures the apps above labs add per lab (``LAB_LIST``)."""
    labs = visible_labs(user).select_related("host")
    for annotate in LAB_LIST.each():
        labs = annotate(labs)
    return labs.order_by("name", "pk")


def lab_team(lab: Lab) -> QuerySet[LabMembership]:
    return LabMembership.objects.filter(lab=lab).select_related("user").order_by("role", "user__name", "pk")


def labs_run_by(user: Viewer) -> QuerySet[Lab]:
    """The labs whose team the user belongs to; every lab for a platform admin (the manage page)."""
    labs = Lab.objects.all()
    return labs if is_platform_admin(user) else labs.filter(pk__in=list(lab_roles(user)))
