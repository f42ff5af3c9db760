"""A lab never loses its last manager, even when managers leave at the same moment."""

import pytest

from kosilab.core.errors import DomainError
from kosilab.core.tests.concurrency import run_at_once
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.labs.models import LabMembership, LabRole
from kosilab.labs.services import lab_team_remove, lab_team_set

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def _lab_with_managers(n):
    lab = LabFactory()
    managers = [UserFactory() for _ in range(n)]
    for manager in managers:
        lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    return lab, managers


@pytest.mark.parametrize("rounds", range(3))
def test_two_managers_leaving_at_once_leave_one_manager(rounds):
    lab, managers = _lab_with_managers(2)

    results, errors = run_at_once(lambda i: lab_team_remove(lab=lab, user=managers[i], by=managers[i]), 2)

    assert results == [True]
    assert [type(e) for e in errors] == [DomainError]
    assert LabMembership.objects.filter(lab=lab, role=LabRole.MANAGER).count() == 1


@pytest.mark.parametrize("rounds", range(3))
def test_two_managers_removing_each_other_at_once_leave_one_manager(rounds):
    lab, managers = _lab_with_managers(2)

    results, errors = run_at_once(lambda i: lab_team_remove(lab=lab, user=managers[1 - i], by=managers[i]), 2)

    assert results == [True]
    assert [type(e) for e in errors] == [DomainError]
    assert LabMembership.objects.filter(lab=lab, role=LabRole.MANAGER).count() == 1


def test_managers_demoting_themselves_at_once_leave_one_manager():
    lab, managers = _lab_with_managers(3)

    results, errors = run_at_once(
        lambda i: lab_team_set(lab=lab, user=managers[i], role=LabRole.FACILITATOR, by=managers[i]), 3
    )

    assert len(results) == 2
    assert [type(e) for e in errors] == [DomainError]
    assert LabMembership.objects.filter(lab=lab, role=LabRole.MANAGER).count() == 1
