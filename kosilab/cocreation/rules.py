"""Who may do what with ideas, comments, support and reports (see docs/cocreation.md).

A "place" is where ideas are collected: a challenge or a process phase. Predicates on an idea or a
comment expect the place and its lab fetched with it (see selectors.idea_with_place).
"""

from __future__ import annotations

from typing import Any

import rules

from kosilab.accounts.types import Viewer
from kosilab.challenges.models import Challenge, ChallengeStatus
from kosilab.challenges.policies import challenge_policy
from kosilab.cocreation.models import Comment, Idea, Place
from kosilab.core.roles import is_platform_admin, platform_admin
from kosilab.labs.roles import lab_roles
from kosilab.processes.policies import process_policy


def place_of(obj: Idea | Comment | Place) -> Place:
    """The challenge or process phase of an idea, a comment or a place itself."""
    if isinstance(obj, Comment):
        obj = obj.idea
    if isinstance(obj, Idea):
        place = obj.challenge if obj.challenge_id else obj.phase
        if place is None:
            raise ValueError(f"Idea {obj.pk} belongs to neither a challenge nor a phase.")
        return place
    return obj


def place_lab_id(place: Place) -> int:
    return int(place.lab_id if isinstance(place, Challenge) else place.process.lab_id)


def can_see_place(user: Viewer, place: Place) -> bool:
    """The place is seen (and so are its ideas, kosilab/cocreation/policies.py) where its challenge
    or process is seen."""
    if isinstance(place, Challenge):
        return challenge_policy.may_see(user, place)
    return process_policy.may_see(user, place.process)


def place_is_open(place: Place) -> bool:
    """Open for ideas: switched on by the lab, on a running challenge or the process's current phase."""
    if not place.contributions_open:
        return False
    if isinstance(place, Challenge):
        return place.status in (ChallengeStatus.OPEN, ChallengeStatus.IN_PROGRESS)
    return bool(place.process.current_phase_id == place.pk)


def is_lab_staff(user: Viewer, place: Place) -> bool:
    return is_platform_admin(user) or place_lab_id(place) in lab_roles(user)


@rules.predicate
def sees_place(user: Viewer, obj: Any) -> bool:
    return can_see_place(user, place_of(obj))


@rules.predicate
def place_open(user: Viewer, obj: Any) -> bool:
    return place_is_open(place_of(obj))


@rules.predicate
def staff_of_place(user: Viewer, obj: Any) -> bool:
    return place_lab_id(place_of(obj)) in lab_roles(user)


@rules.predicate
def is_author(user: Viewer, obj: Any) -> bool:
    return bool(user.is_authenticated and obj.author_id == user.pk)


@rules.predicate
def not_removed(user: Viewer, obj: Any) -> bool:
    """Neither hidden by the lab nor deleted by its author."""
    return not (obj.hidden or obj.deleted)


moderator = staff_of_place | platform_admin

rules.add_perm("cocreation.view_idea", sees_place)
rules.add_perm("cocreation.add_idea", rules.is_authenticated & sees_place & place_open)
rules.add_perm("cocreation.comment", rules.is_authenticated & sees_place & place_open & not_removed)
rules.add_perm("cocreation.support", rules.is_authenticated & sees_place & place_open & not_removed)
# Withdrawing is always possible, also after the place has closed.
rules.add_perm("cocreation.withdraw_support", rules.is_authenticated & sees_place)
rules.add_perm("cocreation.report", rules.is_authenticated & sees_place)
rules.add_perm("cocreation.change", rules.is_authenticated & sees_place & is_author & not_removed)
rules.add_perm("cocreation.moderate", sees_place & moderator)
rules.add_perm("cocreation.open_place", sees_place & moderator)
