"""The user types, said once for every app above core.

- ``User``: a person with an account, logged in (the custom user model). Services take it for the
  person who acts (``by``) and for the person acted on.
- ``Viewer``: whoever makes a request, the type of ``request.user``: a ``User`` or Django's
  ``AnonymousUser``. Selectors, rules and visibility policies that answer "what may this visitor
  see or do" take it. ``if viewer.is_authenticated:`` narrows it to ``User``.

core may not import this module (it is the floor, below accounts): it has ``kosilab.core.types``.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from kosilab.accounts.models import User

Viewer: TypeAlias = User | AnonymousUser

__all__ = ["AnonymousUser", "User", "Viewer"]
