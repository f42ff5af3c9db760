"""The roles of a process team (process lead, member, …), cached on the user for one request."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from kosilab.accounts.types import User
from kosilab.core.roles import cached_roles, preload_roles, register_kind
from kosilab.core.types import AccountOrAnonymous
from kosilab.processes.models import ProcessMember

KIND = "process"


def _load(user_id: int) -> dict[int, str]:
    return dict(ProcessMember.objects.filter(user_id=user_id).order_by().values_list("process_id", "role"))


register_kind(KIND, _load)


def process_roles(user: AccountOrAnonymous | None) -> dict[int, str]:
    """Map of process id to the user's role in that process team."""
    return cached_roles(user, KIND, _load)


def preload_process_roles(users: Iterable[User]) -> None:
    """Load the process roles of many users with one query (instead of one per user)."""
    preload_roles(users, KIND, lambda ids: _rows(ProcessMember.objects.filter(user_id__in=ids)))


def _rows(members: QuerySet[ProcessMember]) -> QuerySet[ProcessMember, tuple[int, int, str]]:
    return members.order_by().values_list("user_id", "process_id", "role")
