"""The agreement test of a visibility policy (kosilab/core/visibility.py), generated per policy.

Each app with policies keeps, in ``tests/test_visibility.py``, one data-set builder per policy it
declares:

    @agreement(lab_policy)
    def test_labs(world):
        return [world["lab"], world["private_lab"], world["other_lab"]]

The builder gets the shared world (``visibility_world``: the labs and people of the permission
matrix, plus a process lead) and returns objects of the policy's model in every state that matters
(draft, public, archived, cancelled…; in the person's lab and in another; in a process the person
is on and in one they are not). The generated test then checks, for every role in ``ROLES``:

- "may see this object" (``may_see``), "is in the visible queryset" (``visible``) and the view
  permission of the rules (``user.has_perm(policy.perm, obj)``) say the same for every object;
- the public part agrees with itself (``public`` and ``public_objects``) and everyone sees it;
- the object rule asks no query once the objects come with ``policy.related`` selected and the
  person's roles are loaded (unless the policy declares ``queries_per_object``);
- the data set is mixed: the platform admin sees everything, an anonymous visitor does not, and at
  least one role sees more than the anonymous visitor.

``kosilab/core/tests/test_visibility.py`` fails for a registered policy that has no such test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from kosilab.core.tests import matrix
from kosilab.core.tests.factories import UserFactory
from kosilab.core.visibility import VisibilityPolicy

# The roles of the permission matrix, plus a process team's member and lead; which processes they
# are on is up to the data set (``member`` is in base_world without any role).
ROLES = [*matrix.ROLES, "member", "lead"]

Builder = Callable[[dict[str, Any]], Iterable[Model]]


def visibility_world() -> dict[str, Any]:
    world = matrix.base_world()
    world["people"]["lead"] = UserFactory()
    return world


def person(world: dict[str, Any], role: str) -> Any:
    """A fresh user object for the role (as a request would have it: no roles loaded yet)."""
    if role == "anonymous":
        return AnonymousUser()
    return get_user_model().objects.get(pk=world["people"][role].pk)


def _fetch(policy: VisibilityPolicy[Any], ids: list[int]) -> list[Any]:
    objects = policy.model._default_manager.filter(pk__in=ids).order_by("pk")
    if policy.related:  # (select_related() without names would follow every foreign key)
        objects = objects.select_related(*policy.related)
    return list(objects)


def check_agreement(policy: VisibilityPolicy[Any], world: dict[str, Any], objects: Iterable[Model]) -> None:
    objects = list(objects)
    ids = [obj.pk for obj in objects]
    assert objects and all(isinstance(obj, policy.model) for obj in objects), "a data set of the policy's model"
    assert len(set(ids)) == len(ids), "each object once"
    names = {obj.pk: f"#{obj.pk} {obj}" for obj in objects}
    everything = set(ids)
    manager = policy.model._default_manager

    public = {obj.pk for obj in _fetch(policy, ids) if policy.public(obj)}
    public_listed = set(policy.public_objects(manager.filter(pk__in=ids)).values_list("pk", flat=True))
    assert public == public_listed, f"public(): {sorted(public)}, public_objects(): {sorted(public_listed)}"

    seen_by: dict[str, set[int]] = {}
    problems = []
    for role in ROLES:
        user = person(world, role)
        for obj in _fetch(policy, ids):  # load the person's roles (and nothing the measure below needs)
            policy.may_see(user, obj)
        fetched = _fetch(policy, ids)
        with CaptureQueriesContext(connection) as queries:
            seen = {obj.pk for obj in fetched if policy.may_see(user, obj)}
        if not policy.queries_per_object:
            assert len(queries) == 0, (
                f"{role}: the object rule asked {len(queries)} queries: {queries.captured_queries}"
            )
        listed = set(policy.visible(user, manager.filter(pk__in=ids)).values_list("pk", flat=True))
        allowed = {obj.pk for obj in _fetch(policy, ids) if user.has_perm(policy.perm, obj)}
        for pk in sorted(seen ^ listed | seen ^ allowed):
            problems.append(
                f"{role}: {names[pk]}: may_see={pk in seen} visible={pk in listed} has_perm({policy.perm})={pk in allowed}"
            )
        if not public <= seen:
            problems.append(f"{role}: does not see public objects {sorted(public - seen)}")
        seen_by[role] = seen

    assert not problems, "\n".join(problems)
    assert seen_by["admin"] == everything, "the platform admin sees everything"
    assert seen_by["anonymous"] != everything, "the data set has objects an anonymous visitor does not see"
    assert any(seen_by[role] - seen_by["anonymous"] for role in ROLES if role != "admin"), (
        "the data set has objects that some role sees through their roles"
    )


def agreement(policy: VisibilityPolicy[Any]) -> Callable[[Builder], Callable[..., None]]:
    """Turn a data-set builder into the agreement test of ``policy`` (see the module's docstring)."""

    def decorate(build: Builder) -> Callable[..., None]:
        @pytest.mark.django_db
        def test() -> None:
            world = visibility_world()
            check_agreement(policy, world, build(world))

        test.__name__ = build.__name__
        test.__qualname__ = build.__qualname__
        test.__module__ = build.__module__
        test.__doc__ = f"{policy.model._meta.label}: may_see, visible and {policy.perm} agree for every role."
        test.visibility_policy = policy  # type: ignore[attr-defined]
        return test

    return decorate
