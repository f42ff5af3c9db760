"""Continuation pages answer with a fixed number of SQL queries, whatever the number of handovers
(1 and 50)."""

from __future__ import annotations

import pytest

from kosilab.continuation.models import FollowUp, HandoverStatus
from kosilab.continuation.services import handover_create, handover_status_set
from kosilab.core.tests.factories import OrganisationFactory, ProcessFactory
from kosilab.core.tests.queries import grow_and_measure
from kosilab.results.tests.factories import make_result

pytestmark = pytest.mark.django_db

# (anonymous, lab manager); None: not for anonymous visitors.
# "What became of it" counts its results for their pages (one query).
PINS = {"lab": (4, 7), "story": (4, 7), "manage": (None, 7)}


@pytest.fixture
def setting(query_setting):
    return {**query_setting, "process": ProcessFactory(lab=query_setting["lab"])}


def _handover(result, organisation=None):
    handover = handover_create(
        result=result,
        by=None,
        taker_kind="organisation",
        taker_organisation=organisation or OrganisationFactory(),
        form="project",
    )
    handover_status_set(handover=handover, by=None, status=HandoverStatus.CONTINUED)
    FollowUp.objects.create(handover=handover, due_on="2030-01-01", note="done", done_at="2029-12-01T10:00Z")
    FollowUp.objects.create(handover=handover, due_on="2030-06-01", note="open")
    return handover


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_lab_page(client, setting, as_manager):
    if as_manager:
        client.force_login(setting["manager"])

    def grow(n):
        for i in range(n):
            result = make_result(setting["process"])
            _handover(result)
            if i % 2:
                _handover(result)

    one, fifty = grow_and_measure(client, "/continuation/lab/q/", grow)
    assert (one, fifty) == (PINS["lab"][as_manager],) * 2


@pytest.mark.parametrize("as_manager", [False, True], ids=["anonymous", "manager"])
def test_story_page(client, setting, as_manager):
    result = make_result(setting["process"])
    if as_manager:
        client.force_login(setting["manager"])

    def grow(n):
        for _ in range(n):
            _handover(result)

    one, fifty = grow_and_measure(client, f"/continuation/result/{result.pk}/", grow)
    assert (one, fifty) == (PINS["story"][as_manager],) * 2


def test_manage_page(client, setting):
    result = make_result(setting["process"])
    client.force_login(setting["manager"])

    def grow(n):
        for _ in range(n):
            _handover(result)

    one, fifty = grow_and_measure(client, f"/continuation/result/{result.pk}/manage/", grow)
    assert (one, fifty) == (PINS["manage"][1],) * 2
