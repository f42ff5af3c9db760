"""Permission matrix rows for the playbook (see kosilab/core/tests/matrix.py).

The playbook is the lab's internal working tool: its staff (managers and facilitators) and
platform admins see it and work in it; for everybody else it does not exist (404), also for the
playbook of a public lab. "home" is public, "hidden" is not public and is run by other_manager.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import PRIVATE, PRIVATE_ELSEWHERE, ROLES, case, done, matrix_test
from kosilab.playbook.services import assessment_create
from kosilab.playbook.tests.factories import all_answers

PHASE = {
    **{f"{theme}-status": "open" for theme in ("goals", "structure", "obstacles")},
    "goals-notes": "Notiz",
    "done": "council_decision",
}
NOWHERE = dict.fromkeys(ROLES, 404)

CASES = [
    case("playbook:overview", "get", "/playbook/home/", PRIVATE),
    case("playbook:overview-hidden-lab", "get", "/playbook/hidden/", PRIVATE_ELSEWHERE),
    case("playbook:overview-unknown-lab", "get", "/playbook/nope/", NOWHERE),
    case("playbook:phase", "get", "/playbook/home/goal_definition/", PRIVATE),
    case("playbook:phase-hidden-lab", "get", "/playbook/hidden/establishment/", PRIVATE_ELSEWHERE),
    case("playbook:phase-unknown", "get", "/playbook/home/no_such_phase/", {**PRIVATE, "facilitator": 404, "manager": 404, "admin": 404}),
    case("playbook:phase-post", "post", "/playbook/home/goal_definition/", done(PRIVATE), PHASE),
    case("playbook:phase-post-hidden-lab", "post", "/playbook/hidden/goal_definition/", done(PRIVATE_ELSEWHERE), PHASE),
    case("playbook:assessment_new", "get", "/playbook/home/assessment/new/", PRIVATE),
    case("playbook:assessment_new-post", "post", "/playbook/home/assessment/new/", done(PRIVATE), all_answers(3)),
    case("playbook:assessment_new-hidden-lab", "get", "/playbook/hidden/assessment/new/", PRIVATE_ELSEWHERE),
    case("playbook:assessments", "get", "/playbook/home/assessments/", PRIVATE),
    case("playbook:assessments-hidden-lab", "get", "/playbook/hidden/assessments/", PRIVATE_ELSEWHERE),
    case("playbook:assessment", "get", "/playbook/home/assessments/{assessment}/", PRIVATE),
    # Another lab's assessment under this lab's address does not exist.
    case("playbook:assessment-elsewhere", "get", "/playbook/home/assessments/{hidden_assessment}/", {**PRIVATE, "facilitator": 404, "manager": 404, "admin": 404}),
    case("playbook:assessment-hidden-lab", "get", "/playbook/hidden/assessments/{hidden_assessment}/", PRIVATE_ELSEWHERE),
    case("playbook:pdf", "get", "/playbook/home/playbook.pdf", PRIVATE),
    case("playbook:pdf-hidden-lab", "get", "/playbook/hidden/playbook.pdf", PRIVATE_ELSEWHERE),
]  # fmt: skip


@pytest.fixture
def world(matrix_world):
    people = matrix_world["people"]
    return {
        **matrix_world,
        "assessment": assessment_create(
            lab=matrix_world["lab"], by=people["manager"], answers=all_answers(2, as_int=True)
        ),
        "hidden_assessment": assessment_create(
            lab=matrix_world["private_lab"], by=people["other_manager"], answers=all_answers(1, as_int=True)
        ),
    }


test_permission_matrix = matrix_test(CASES)


def test_a_removed_role_applies_on_the_next_request(client, world):
    from kosilab.labs.models import LabMembership

    client.force_login(world["people"]["facilitator"])
    assert client.get("/playbook/home/").status_code == 200
    LabMembership.objects.filter(user=world["people"]["facilitator"]).delete()
    assert client.get("/playbook/home/").status_code == 404
