"""Roles held in the database, loaded once per request and never cached beyond it.

The roles themselves belong to the apps that own them: a lab's team in ``kosilab/labs/roles.py``,
a process team in ``kosilab/processes/roles.py``. This module holds what they share: the
platform admin, and the per-request cache on the user object. A user object lives for one
request, so a role removed in the database applies from the next request on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import rules
from django.contrib.auth.models import AnonymousUser

from kosilab.core.types import Account, AccountOrAnonymous

_PREFIX = "_kosilab_roles_"
# Every kind of role with its loader, registered by the app that owns it (register_kind): what a
# viewer's audience is made of (every_role, read by kosilab/core/pagecache.py's kept fragments).
_KINDS: dict[str, Callable[[int], dict[int, str]]] = {}


def register_kind(kind: str, load: Callable[[int], dict[int, str]]) -> None:
    """Declare a kind of role and how to load a user's roles of it (at the import of its module)."""
    _KINDS[kind] = load


def kinds() -> list[str]:
    return sorted(_KINDS)


def every_role(user: AccountOrAnonymous | None) -> dict[str, dict[int, str]]:
    """The user's roles of every registered kind (each loaded once per request, as cached_roles)."""
    return {kind: cached_roles(user, kind, _KINDS[kind]) for kind in sorted(_KINDS)}


def cached_roles(user: AccountOrAnonymous | None, kind: str, load: Callable[[int], dict[int, str]]) -> dict[int, str]:
    """The user's roles of one kind (object id -> role), loaded by ``load(user_id)`` once per user object."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return {}
    name = _PREFIX + kind
    cached: dict[int, str] | None = getattr(user, name, None)
    if cached is None:
        cached = load(user.pk)
        setattr(user, name, cached)
    return cached


def preload_roles(
    users: Iterable[Account], kind: str, rows: Callable[[list[int]], Iterable[tuple[int, int, str]]]
) -> None:
    """Fill the cache of one kind for many users with one query: ``rows(user_ids)`` yields
    ``(user id, object id, role)`` for those users (e.g. who may still see a followed object)."""
    users = list(users)
    found: dict[int, dict[int, str]] = defaultdict(dict)
    for user_id, object_id, role in rows([user.pk for user in users]):
        found[user_id][object_id] = role
    for user in users:
        setattr(user, _PREFIX + kind, dict(found[user.pk]))


def forget_roles(user: Account) -> None:
    """Drop every cached role, after a service changed them within the same request."""
    for name in [name for name in vars(user) if name.startswith(_PREFIX)]:
        delattr(user, name)


def is_platform_admin(user: AccountOrAnonymous | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def platform_admin(user: AccountOrAnonymous) -> bool:
    """The rules predicate of :func:`is_platform_admin`, for every app's ``rules.py``."""
    return is_platform_admin(user)
