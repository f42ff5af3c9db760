from __future__ import annotations

from typing import Any

import rules

from kosilab.actors.models import Visibility
from kosilab.labs.roles import lab_roles
from kosilab.labs.rules import platform_admin
from kosilab.processes.roles import process_roles


@rules.predicate
def profile_visible(user: Any, profile: Any) -> bool:
    if profile.visibility == Visibility.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if profile.user_id == user.pk or profile.visibility == Visibility.MEMBERS:
        return True
    # Private: visible to the teams the person belongs to and to the staff of their labs.
    from kosilab.processes.models import ProcessMember

    theirs = ProcessMember.objects.filter(user_id=profile.user_id)
    return (
        theirs.filter(process_id__in=list(process_roles(user))).exists()
        or theirs.filter(process__lab_id__in=list(lab_roles(user))).exists()
    )


@rules.predicate
def any_lab_staff(user: Any) -> bool:
    return bool(lab_roles(user))


rules.add_perm("actors.view_profile", profile_visible | platform_admin)
rules.add_perm("actors.add_organisation", rules.is_authenticated)
rules.add_perm("actors.change_organisation", any_lab_staff | platform_admin)
rules.add_perm("actors.view_organisation_public", rules.always_allow)
