"""The roles of a lab's team (manager, facilitator, …), cached on the user for one request."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from kosilab.accounts.types import User
from kosilab.core.roles import cached_roles, preload_roles, register_kind
from kosilab.core.types import AccountOrAnonymous
from kosilab.labs.models import LabMembership

KIND = "lab"


def _load(user_id: int) -> dict[int, str]:
    return dict(LabMembership.objects.filter(user_id=user_id).order_by().values_list("lab_id", "role"))


register_kind(KIND, _load)


def lab_roles(user: AccountOrAnonymous | None) -> dict[int, str]:
    """Map of lab id to the user's role in that lab's team."""
    return cached_roles(user, KIND, _load)


def staff_lab_ids(user: AccountOrAnonymous | None) -> set[int]:
    return set(lab_roles(user))


def preload_lab_roles(users: Iterable[User]) -> None:
    """Load the lab roles of many users with one query (instead of one per user)."""
    preload_roles(users, KIND, lambda ids: _rows(LabMembership.objects.filter(user_id__in=ids)))


def _rows(memberships: QuerySet[LabMembership]) -> QuerySet[LabMembership, tuple[int, int, str]]:
    return memberships.order_by().values_list("user_id", "lab_id", "role")
