"""What the actors app stores about a person (see kosilab/core/personal_data.py).

Organisations are not personal data: their name, sector and city describe the organisation.
"""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare


def _export_profile(user: User) -> dict[str, Any] | None:
    from kosilab.actors.models import Profile

    profile = Profile.objects.select_related("organisation").filter(user=user).first()
    if profile is None:
        return None
    return {
        "organisation": profile.organisation.name if profile.organisation else None,
        "sector": profile.sector,
        "position": profile.position,
        "skills": profile.skill_list,
        "interests": profile.interest_list,
        "about": profile.bio,
        "visibility": profile.visibility,
    }


declare(
    "actors.Profile",
    fields=["user", "organisation", "sector", "position", "skills", "interests", "bio", "visibility"],
    erasure=Erasure.DELETED,
    what="The profile: organisation, sector, position, skills, interests, about, who may see it.",
    export_key="profile",
    export=_export_profile,
)
