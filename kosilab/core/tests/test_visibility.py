"""Every visibility policy has its agreement test; the parts of the base work as they say."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

import pytest
import rules
from django.db.models import Q

from kosilab.core.visibility import NOTHING, all_policies, register, under


@pytest.mark.parametrize("policy", all_policies(), ids=lambda policy: policy.model._meta.label)
def test_every_policy_has_an_agreement_test(policy):
    """A new policy fails here until tests/test_visibility.py of the app that declares it (usually the
    model's app; the profile's policy is with the teams, in processes) builds a data set for it."""
    name = f"{type(policy).__module__.rsplit('.', 1)[0]}.tests.test_visibility"
    if find_spec(name) is None:
        pytest.fail(f"{policy!r}: no module {name} (see kosilab/core/tests/visibility.py)")
    module = import_module(name)
    tests = [test for test in vars(module).values() if getattr(test, "visibility_policy", None) is policy]
    assert tests, f"{policy!r}: no @agreement({type(policy).__name__}) test in {module.__name__}"


@pytest.mark.parametrize("policy", all_policies(), ids=lambda policy: policy.model._meta.label)
def test_the_rules_know_the_permission_of_every_policy(policy):
    assert rules.perm_exists(policy.perm), policy


def test_one_policy_per_model():
    policy = all_policies()[0]
    with pytest.raises(ValueError, match="has a visibility policy already"):
        register(type(policy)())
    assert register(policy) is policy


def test_under_moves_a_condition_to_a_related_object():
    condition = (Q(is_public=True) | ~Q(pk__in=[1, 2])) & Q(status__in=["open"])
    moved = under("process__lab", condition)
    expected = (Q(process__lab__is_public=True) | ~Q(process__lab__pk__in=[1, 2])) & Q(
        process__lab__status__in=["open"]
    )
    assert moved == expected
    assert condition == (Q(is_public=True) | ~Q(pk__in=[1, 2])) & Q(status__in=["open"]), "the original is unchanged"
    assert under("lab", NOTHING) == Q(lab__pk__in=[])
