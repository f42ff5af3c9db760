"""Permission matrix rows for challenges (see kosilab/core/tests/matrix.py).

An open challenge of a public lab is seen by everyone; a draft, and any challenge of a private lab,
only by the lab's team. The lab's staff create and change challenges; anyone logged in joins or
leaves an open one.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import ChallengeFactory
from kosilab.core.tests.matrix import ANYONE, LAB_STAFF, LOGGED_IN, PRIVATE, PRIVATE_ELSEWHERE, case, done, matrix_test

CASES = [
    case("challenges:list", "get", "/challenges/", ANYONE),
    case("challenges:create", "get", "/challenges/new/home/", LAB_STAFF),
    case("challenges:create-private", "get", "/challenges/new/hidden/", PRIVATE_ELSEWHERE),
    case("challenges:detail", "get", "/challenges/{open}/", ANYONE),
    case("challenges:detail-draft", "get", "/challenges/{draft}/", PRIVATE),
    case("challenges:detail-hidden-lab", "get", "/challenges/{hidden_open}/", PRIVATE_ELSEWHERE),
    case("challenges:edit", "get", "/challenges/{open}/edit/", LAB_STAFF),
    case("challenges:edit-draft", "get", "/challenges/{draft}/edit/", PRIVATE),
    case(
        "challenges:participate",
        "post",
        "/challenges/{open}/participate/",
        {**done(LOGGED_IN)},
        {"kind": "joined"},
    ),
    case(
        "challenges:participate-draft",
        "post",
        "/challenges/{draft}/participate/",
        {**PRIVATE, "facilitator": 403, "manager": 403, "admin": 400},
        {"kind": "joined"},
    ),
    case(
        "challenges:participate-hidden-lab",
        "post",
        "/challenges/{hidden_open}/participate/",
        {**PRIVATE_ELSEWHERE, "other_manager": 302, "admin": 302},
        {"kind": "joined"},
    ),
    case("challenges:leave", "post", "/challenges/{open}/leave/", done(LOGGED_IN)),
]


@pytest.fixture
def world(matrix_world):
    lab = matrix_world["lab"]
    return {
        **matrix_world,
        "open": ChallengeFactory(lab=lab, status="open"),
        "draft": ChallengeFactory(lab=lab, status="draft"),
        "hidden_open": ChallengeFactory(lab=matrix_world["private_lab"], status="open"),
    }


test_permission_matrix = matrix_test(CASES)
