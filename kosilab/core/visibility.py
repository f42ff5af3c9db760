"""Who may see what, said once per model: the object rule and the queryset filter side by side.

A visibility policy (after Wagtail's permission policies) answers one question for one model in
both of the forms the code needs: ``may_see(user, obj)`` for a page that shows one object, and
``visible(user, queryset)`` for a list. Each policy states two parts, each twice, next to each other:

- ``public(obj)`` / ``public_q()``: what everybody sees, anonymous visitors included;
- ``granted(user, obj)`` / ``granted_q(user)``: what this person sees beyond that, through their
  roles (a lab's team, a process team) or as the author.

Platform admins see everything. The object rules read the per-request role caches
(``kosilab.labs.roles``, ``kosilab.processes.roles``), so they ask no query per object unless the
policy says so (``queries_per_object``). Each app keeps its policies in ``<app>/policies.py``;
its ``rules.py`` declares the view permission from ``policy.predicate``, its selectors filter with
``policy.visible``. ``kosilab/core/tests/visibility.py`` checks, per policy and role, that the
object rule, the queryset and the permission agree (see docs/architecture.md).

This module knows no domain app: the policies register themselves here. It cannot name the user
model either: ``user`` is core's ``AccountOrAnonymous`` (``kosilab/core/types.py``), in the policies
of the apps too (a ``Viewer`` is one), as they override these methods.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar, cast

import rules
from django.db.models import Model, Q, QuerySet
from django.utils.module_loading import autodiscover_modules

from kosilab.core.roles import is_platform_admin
from kosilab.core.types import AccountOrAnonymous

M = TypeVar("M", bound=Model)

# A condition no row meets; Django leaves it out of the SQL (and of an OR).
NOTHING = Q(pk__in=[])


def under(path: str, condition: Q) -> Q:
    """The same condition for the object at ``path`` (``under("lab", Q(is_public=True))`` is
    ``Q(lab__is_public=True)``), so a policy can build on the policy of what its object belongs to."""
    moved = Q()
    moved.connector = condition.connector
    moved.negated = condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            moved.children.append(under(path, child))
        else:
            lookup, value = cast(tuple[str, Any], child)
            moved.children.append((f"{path}__{lookup}", value))
    return moved


class VisibilityPolicy(Generic[M]):
    """Who may see objects of ``model``. Subclasses state the public part and the granted part."""

    model: ClassVar[type[Model]]
    # The permission of the rules that this policy answers (declared in the app's rules.py).
    perm: ClassVar[str]
    # What the object rule reads beyond the row (select these, and it asks no query per object).
    related: ClassVar[tuple[str, ...]] = ()
    # True where the object rule asks the database (say why in the policy's docstring).
    queries_per_object: ClassVar[bool] = False

    # --- The parts each policy states -------------------------------------------------------

    def public(self, obj: M) -> bool:
        """Seen by everybody, anonymous visitors included."""
        return False

    def public_q(self) -> Q:
        return NOTHING

    def granted(self, user: AccountOrAnonymous, obj: M) -> bool:
        """Seen by ``user`` beyond what is public (their roles, their own objects)."""
        return False

    def granted_q(self, user: AccountOrAnonymous) -> Q:
        return NOTHING

    # --- What the code uses ----------------------------------------------------------------

    def may_see(self, user: AccountOrAnonymous, obj: M) -> bool:
        return is_platform_admin(user) or self.public(obj) or self.granted(user, obj)

    def visible(self, user: AccountOrAnonymous, queryset: QuerySet[M] | None = None) -> QuerySet[M]:
        """``queryset`` (all objects of the model if None) narrowed to what ``user`` may see."""
        objects = self._all() if queryset is None else queryset
        if is_platform_admin(user):
            return objects
        return objects.filter(self.public_q() | self.granted_q(user))

    def public_objects(self, queryset: QuerySet[M] | None = None) -> QuerySet[M]:
        """What everybody sees (public pages that show the same to everyone)."""
        return (self._all() if queryset is None else queryset).filter(self.public_q())

    @property
    def predicate(self) -> rules.Predicate:
        """``may_see`` as a django-rules predicate, for ``rules.add_perm(<perm>, policy.predicate)``."""

        def may_see(user: AccountOrAnonymous, obj: M) -> bool:
            return self.may_see(user, obj)

        return rules.predicate(may_see, name=f"{type(self).__name__}.may_see")

    def _all(self) -> QuerySet[M]:
        return self.model._default_manager.all()  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.model._meta.label} {self.perm}>"


_REGISTRY: dict[str, VisibilityPolicy[Any]] = {}

P = TypeVar("P", bound=VisibilityPolicy[Any])


def register(policy: P) -> P:
    """Add a policy to the registry (one per model), for the agreement tests to find."""
    label = policy.model._meta.label
    if label in _REGISTRY and _REGISTRY[label] is not policy:
        raise ValueError(f"{label} has a visibility policy already: {_REGISTRY[label]!r}")
    _REGISTRY[label] = policy
    return policy


def all_policies() -> list[VisibilityPolicy[Any]]:
    """Every registered policy, after importing each app's ``policies`` module."""
    autodiscover_modules("policies")
    return sorted(_REGISTRY.values(), key=lambda policy: policy.model._meta.label)
