"""Who sees the sustainability records: the object rule, the queryset and the permission agree
(kosilab/core/tests/visibility.py). Every record is the lab's team's alone, also in a public lab."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kosilab.core.tests.visibility import agreement
from kosilab.sustainability.models import InheritedArchive
from kosilab.sustainability.policies import (
    archive_policy,
    decision_policy,
    funding_policy,
    mandate_policy,
    sponsor_policy,
)
from kosilab.sustainability.services import decision_create
from kosilab.sustainability.tests.factories import make_funding, make_mandate, make_sponsor

START = dt.date(2024, 1, 1)


def _labs(world):
    return [world["lab"], world["private_lab"], world["other_lab"]]


@agreement(mandate_policy)
def test_mandates(world):
    return [make_mandate(lab, starts_on=START) for lab in _labs(world)]


@agreement(sponsor_policy)
def test_sponsors(world):
    return [make_sponsor(lab) for lab in _labs(world)]


@agreement(funding_policy)
def test_funding(world):
    return [make_funding(lab, starts_on=START) for lab in _labs(world)]


@agreement(decision_policy)
def test_decisions(world):
    decisions = []
    for lab in _labs(world):
        mandate = make_mandate(lab, starts_on=START, ends_on=dt.date(2026, 1, 1))
        funding = make_funding(lab, starts_on=START)
        decisions.append(
            decision_create(record=mandate, by=None, decided_on=START, decided_by="Rat", outcome="pending")
        )
        decisions.append(
            decision_create(record=funding, by=None, decided_on=START, decided_by="Ministerium", outcome="renewed")
        )
    return decisions


@agreement(archive_policy)
def test_inherited_archives(world):
    return [
        InheritedArchive.objects.create(
            lab=lab, digest=str(lab.pk), predecessor="Vorgänger", format_version=1, exported_at=timezone.now()
        )
        for lab in _labs(world)
    ]
