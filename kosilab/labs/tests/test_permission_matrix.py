"""Permission matrix rows for labs (see kosilab/core/tests/matrix.py).

A public lab is seen by everyone, a private one only by its team; the lab's page, its team, its
phase template and its audit log are changed and read by its managers (and platform admins).
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import ChallengeFactory
from kosilab.core.tests.matrix import ANYONE, LAB_MANAGER, PRIVATE_ELSEWHERE, case, done, matrix_test

CASES = [
    case("labs:list", "get", "/labs/", ANYONE),
    case("labs:detail", "get", "/labs/home/", ANYONE),
    case("labs:detail-private", "get", "/labs/hidden/", PRIVATE_ELSEWHERE),
    case("labs:edit", "get", "/labs/home/edit/", LAB_MANAGER),
    case("labs:edit-private", "get", "/labs/hidden/edit/", PRIVATE_ELSEWHERE),
    case("labs:team", "get", "/labs/home/team/", LAB_MANAGER),
    case("labs:team_remove", "post", "/labs/home/team/{facilitator}/remove/", done(LAB_MANAGER)),
    case(
        "labs:team_remove-outsider",
        "post",
        "/labs/home/team/{participant}/remove/",
        {**LAB_MANAGER, "manager": 404, "admin": 404},
    ),
    case("labs:phase_template", "get", "/labs/home/phases/", LAB_MANAGER),
    case("labs:audit_log", "get", "/labs/home/audit/", LAB_MANAGER),
    case("labs:audit_log-private", "get", "/labs/hidden/audit/", PRIVATE_ELSEWHERE),
]


@pytest.fixture
def world(matrix_world):
    people = matrix_world["people"]
    return {
        **matrix_world,
        "facilitator": people["facilitator"],
        "participant": people["participant"],
        "draft": ChallengeFactory(lab=matrix_world["lab"], status="draft"),
    }


test_permission_matrix = matrix_test(CASES)


def test_a_removed_role_applies_on_the_next_request(client, world):
    manager = world["people"]["manager"]
    client.force_login(manager)
    assert client.get("/labs/home/edit/").status_code == 200
    world["lab"].memberships.filter(user=manager).delete()
    assert client.get("/labs/home/edit/").status_code == 403
    assert client.get(f"/challenges/{world['draft'].pk}/").status_code == 404
