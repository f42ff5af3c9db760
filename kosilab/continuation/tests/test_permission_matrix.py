"""Permission matrix rows for the continuation (see kosilab/core/tests/matrix.py).

Handovers are recorded by whoever may change the result; the "what became of it" pages show only
public results of public processes in public labs, to everyone alike (others are "not found").
"""

from __future__ import annotations

import datetime

import pytest

from kosilab.continuation.models import FollowUp, Handover
from kosilab.continuation.services import handover_create
from kosilab.core.tests.factories import ProcessFactory
from kosilab.core.tests.matrix import (
    ANYONE,
    LAB_STAFF,
    PRIVATE,
    PRIVATE_ELSEWHERE,
    ROLES,
    case,
    done,
    matrix_test,
)
from kosilab.results.models import ResultVisibility
from kosilab.results.tests.factories import make_result

NOWHERE = dict.fromkeys(ROLES, 404)

CASES = [
    case("continuation:lab", "get", "/continuation/lab/home/", ANYONE),
    case("continuation:lab-hidden", "get", "/continuation/lab/hidden/", NOWHERE),
    case("continuation:result", "get", "/continuation/result/{result}/", ANYONE),
    case("continuation:result-draft", "get", "/continuation/result/{draft}/", NOWHERE),
    case("continuation:result-hidden-lab", "get", "/continuation/result/{hidden}/", NOWHERE),
    case("continuation:manage", "get", "/continuation/result/{result}/manage/", LAB_STAFF),
    case("continuation:manage-draft", "get", "/continuation/result/{draft}/manage/", PRIVATE),
    case("continuation:manage-hidden-lab", "get", "/continuation/result/{hidden}/manage/", PRIVATE_ELSEWHERE),
    case("continuation:handover_create", "get", "/continuation/result/{result}/new/", LAB_STAFF),
    case(
        "continuation:handover_create",
        "post",
        "/continuation/result/{result}/new/",
        done(LAB_STAFF),
        {"taker_kind": "administration", "taker_name": "Amt für Mobilität", "form": "project", "status": "planned"},
    ),
    case("continuation:handover_edit", "get", "/continuation/{handover}/edit/", LAB_STAFF),
    case("continuation:handover_edit-draft", "get", "/continuation/{draft_handover}/edit/", PRIVATE),
    case("continuation:handover_edit-hidden-lab", "get", "/continuation/{hidden_handover}/edit/", PRIVATE_ELSEWHERE),
    case("continuation:handover_status", "get", "/continuation/{handover}/status/", LAB_STAFF),
    case(
        "continuation:handover_status",
        "post",
        "/continuation/{handover}/status/",
        done(LAB_STAFF),
        {"status": "continued", "note": "Läuft"},
    ),
    case("continuation:handover_delete", "get", "/continuation/{handover}/delete/", LAB_STAFF),
    case("continuation:handover_delete", "post", "/continuation/{handover}/delete/", done(LAB_STAFF)),
    case("continuation:followup_add", "get", "/continuation/{handover}/follow-ups/new/", LAB_STAFF),
    case(
        "continuation:followup_add",
        "post",
        "/continuation/{handover}/follow-ups/new/",
        done(LAB_STAFF),
        {"due_on": "2030-05-01", "note": "Nachfragen"},
    ),
    case("continuation:followup_done", "post", "/continuation/follow-ups/{followup}/done/", done(LAB_STAFF)),
    case("continuation:followup_done-draft", "post", "/continuation/follow-ups/{draft_followup}/done/", done(PRIVATE)),
]


def _handover(result) -> Handover:
    return handover_create(result=result, by=None, taker_kind="organisation", taker_name="Verein", form="association")


@pytest.fixture
def world(matrix_world):
    process = ProcessFactory(lab=matrix_world["lab"])
    result = make_result(process, title="Fahrradgarage")
    draft = make_result(process, visibility=ResultVisibility.DRAFT, title="Entwurf")
    hidden = make_result(ProcessFactory(lab=matrix_world["private_lab"]))
    handover, draft_handover = _handover(result), _handover(draft)
    due = datetime.date(2030, 1, 1)
    return {
        **matrix_world,
        "result": result,
        "draft": draft,
        "hidden": hidden,
        "handover": handover,
        "draft_handover": draft_handover,
        "hidden_handover": _handover(hidden),
        "followup": FollowUp.objects.create(handover=handover, due_on=due, note="Prüfen"),
        "draft_followup": FollowUp.objects.create(handover=draft_handover, due_on=due, note="Prüfen"),
    }


test_permission_matrix = matrix_test(CASES)


def test_public_pages_show_only_public_results(client, world):
    page = client.get("/continuation/lab/home/").content.decode()
    assert "Fahrradgarage" in page
    assert "Entwurf" not in page
    assert "Verein" in page
