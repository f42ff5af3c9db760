"""The user types as core sees them.

core is the floor and imports no domain app, not even the user model
(``kosilab.accounts.models.User``). What core needs of a person's account is said here as a
protocol; the user model has all of it, so every ``User`` is an ``Account``. The apps above core
use ``kosilab.accounts.types`` instead (``User``, and ``Viewer`` for whoever makes a request).
"""

from __future__ import annotations

from typing import Any, Protocol, TypeAlias

from django.contrib.auth.models import AnonymousUser


class Account(Protocol):
    """A person's account (the user model), with what core reads of it.

    Not usable as the bound of a TypeVar that a class is subscripted with (``Generic[U]``, then
    ``Policy[User]``): mypy checks such bounds before Django's plugin has typed the model's fields,
    finds ``User`` lacking ``email`` and remembers the answer for the whole run."""

    @property
    def pk(self) -> Any: ...

    @property
    def email(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...

    @property
    def is_authenticated(self) -> bool: ...


# Whoever makes a request (``request.user``): an account, or an anonymous visitor.
AccountOrAnonymous: TypeAlias = Account | AnonymousUser
