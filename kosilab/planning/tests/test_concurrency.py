"""Parallel planners: positions stay unique and gap-free (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django.utils import translation

from kosilab.core.tests.concurrency import run_at_once
from kosilab.planning import services
from kosilab.planning.models import Block, Session
from kosilab.planning.tests.factories import add_blocks


def positions(session):
    return list(Block.objects.filter(session=session).order_by("position").values_list("position", flat=True))


@pytest.mark.django_db(transaction=True)
def test_parallel_adds_get_distinct_positions(session):
    def attempt(i):
        with translation.override("en"):
            return services.block_add(session=Session.objects.get(pk=session.pk), by=None, title=f"B{i}", minutes=10)

    results, errors = run_at_once(attempt, 8)
    assert not errors, errors
    assert len(results) == 8
    assert positions(session) == list(range(8))


@pytest.mark.django_db(transaction=True)
def test_parallel_moves_keep_positions_unique(session):
    blocks = add_blocks(session, *([10] * 6))

    def attempt(i):
        with translation.override("en"):
            block = Block.objects.select_related("session").get(pk=blocks[i % 6].pk)
            return services.block_move(block=block, by=None, direction="up" if i % 2 else "down")

    _results, errors = run_at_once(attempt, 10)
    assert not errors, errors
    assert positions(session) == list(range(6))
    assert sorted(Block.objects.filter(session=session).values_list("pk", flat=True)) == sorted(b.pk for b in blocks)
