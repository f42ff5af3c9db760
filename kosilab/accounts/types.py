"""The user types, said once for every app above core.

- ``User``: a person with an account, logged in (the custom user model). Services take it for the
  person who acts (``by``) and for the person acted on.
- ``Viewer``: whoever makes a request, the type of ``request.user``: a ``User`` or Django's
  ``AnonymousUser``. Selectors, rules and visibility policies that answer "what may this visitor
  see or do" take it. ``if viewer.is_authenticated:`` narrows it to ``User``.

Services name the person who acts ``by``. Where a view passes ``request.user`` (after the rules let
it act), ``by`` is a ``Viewer``: the audit log records an anonymous ``by`` as nobody, and a service
that stores its author narrows first (:func:`account`). The person a service acts on (a new team
member, a recipient, the participant) is a ``User``; a view that passes the requester there narrows
with :func:`logged_in`.

core may not import this module (it is the floor, below accounts): it has ``kosilab.core.types``.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from kosilab.accounts.models import User
from kosilab.core.permissions import LoginRequired

Viewer: TypeAlias = User | AnonymousUser


def account(viewer: Viewer | None) -> User | None:
    """The viewer's account, or None for an anonymous visitor (and for no one: the system)."""
    return viewer if viewer is not None and viewer.is_authenticated else None


def logged_in(viewer: Viewer) -> User:
    """The viewer as a ``User``, where the rules let only people with an account through (after
    ``require_perm``); an anonymous visitor is sent to log in, as ``require_perm`` would."""
    if not viewer.is_authenticated:
        raise LoginRequired
    return viewer


__all__ = ["AnonymousUser", "User", "Viewer", "account", "logged_in"]
