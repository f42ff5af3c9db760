"""Who holds which role where, loaded once per request and never cached beyond it.

Roles live in the database (labs.LabMembership, processes.ProcessMember). A user object lives
for one request, so a role removed in the database applies from the next request on.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

_LAB_CACHE = "_kosilab_lab_roles"
_PROCESS_CACHE = "_kosilab_process_roles"


def lab_roles(user: Any) -> dict[int, str]:
    """Map of lab id to the user's role in that lab's team."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return {}
    cached = getattr(user, _LAB_CACHE, None)
    if cached is None:
        from kosilab.labs.models import LabMembership

        cached = dict(LabMembership.objects.filter(user_id=user.pk).values_list("lab_id", "role"))
        setattr(user, _LAB_CACHE, cached)
    return cached


def process_roles(user: Any) -> dict[int, str]:
    """Map of process id to the user's role in that process team."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return {}
    cached = getattr(user, _PROCESS_CACHE, None)
    if cached is None:
        from kosilab.processes.models import ProcessMember

        cached = dict(ProcessMember.objects.filter(user_id=user.pk).values_list("process_id", "role"))
        setattr(user, _PROCESS_CACHE, cached)
    return cached


def preload_roles(users: list[Any]) -> None:
    """Load the lab and process roles of many users with two queries (instead of two per user),
    for code that asks the rules about a list of people (e.g. who may still see a followed object)."""
    from collections import defaultdict

    from kosilab.labs.models import LabMembership
    from kosilab.processes.models import ProcessMember

    ids = [user.pk for user in users]
    labs: dict[int, dict[int, str]] = defaultdict(dict)
    for user_id, lab_id, role in LabMembership.objects.filter(user_id__in=ids).values_list("user_id", "lab_id", "role"):
        labs[user_id][lab_id] = role
    processes: dict[int, dict[int, str]] = defaultdict(dict)
    for user_id, process_id, role in ProcessMember.objects.filter(user_id__in=ids).values_list(
        "user_id", "process_id", "role"
    ):
        processes[user_id][process_id] = role
    for user in users:
        setattr(user, _LAB_CACHE, dict(labs[user.pk]))
        setattr(user, _PROCESS_CACHE, dict(processes[user.pk]))


def forget_roles(user: Any) -> None:
    """Drop the cached roles, after a service changed them within the same request."""
    for name in (_LAB_CACHE, _PROCESS_CACHE):
        if hasattr(user, name):
            delattr(user, name)


def is_platform_admin(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def staff_lab_ids(user: Any) -> set[int]:
    return set(lab_roles(user))
