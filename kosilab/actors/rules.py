"""Who may do what with people and organisations.

The permissions that depend on the teams people work in are declared where the teams are:
``actors.view_profile`` in kosilab/processes/rules.py (a private profile is seen by the person's
process teams and their labs' staff), ``actors.change_organisation`` in kosilab/labs/rules.py.
"""

from __future__ import annotations

from typing import Any

import rules

from kosilab.actors.models import Visibility


@rules.predicate
def profile_visible(user: Any, profile: Any) -> bool:
    """Public profiles to everyone, members-only ones to logged-in people, one's own to oneself."""
    if profile.visibility == Visibility.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    return bool(profile.user_id == user.pk or profile.visibility == Visibility.MEMBERS)


rules.add_perm("actors.add_organisation", rules.is_authenticated)
rules.add_perm("actors.view_organisation_public", rules.always_allow)
