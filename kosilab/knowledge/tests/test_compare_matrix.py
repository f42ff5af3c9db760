"""Permission matrix rows for "compare your lab" and the network of labs (kosilab/core/tests/matrix.py).

Comparing is the lab's working tool and shows its own profile: the lab's staff and platform admins
(403 for others who see the lab, 404 for a lab they do not see). The network is public; a lab's
page in it is seen by whoever sees the lab; its managers and platform admins name and remove
partners and role models. "home" is public, "hidden" is not public and run by other_manager.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import ANYONE, LAB_MANAGER, LAB_STAFF, PRIVATE_ELSEWHERE, ROLES, case, done, matrix_test
from kosilab.knowledge.tests.comparing import case_study, own_profile, relate

NOWHERE = dict.fromkeys(ROLES, 404)
RELATION = {"target": "case", "kind": "partner", "note": "Gemeinsame Werkstatt"}

CASES = [
    case("knowledge:similar", "get", "/knowledge/compare/home/", LAB_STAFF),
    case("knowledge:similar-hidden-lab", "get", "/knowledge/compare/hidden/", PRIVATE_ELSEWHERE),
    case("knowledge:similar-unknown-lab", "get", "/knowledge/compare/nope/", NOWHERE),
    case("knowledge:side_by_side", "get", "/knowledge/compare/home/side-by-side/?with=case&with=other-profile", LAB_STAFF),
    case("knowledge:side_by_side-hidden-lab", "get", "/knowledge/compare/hidden/side-by-side/?with=case", PRIVATE_ELSEWHERE),
    case("knowledge:side_by_side_pdf", "get", "/knowledge/compare/home/side-by-side.pdf?with=case", LAB_STAFF),
    case("knowledge:side_by_side_pdf-hidden-lab", "get", "/knowledge/compare/hidden/side-by-side.pdf?with=case", PRIVATE_ELSEWHERE),
    case("knowledge:network", "get", "/knowledge/network/", ANYONE),
    case("knowledge:network_lab", "get", "/knowledge/network/home/", ANYONE),
    case("knowledge:network_lab-hidden-lab", "get", "/knowledge/network/hidden/", PRIVATE_ELSEWHERE),
    case("knowledge:network_lab-unknown-lab", "get", "/knowledge/network/nope/", NOWHERE),
    case("knowledge:network_lab-post", "post", "/knowledge/network/home/", done(LAB_MANAGER), RELATION),
    case("knowledge:network_lab-post-hidden-lab", "post", "/knowledge/network/hidden/", done(PRIVATE_ELSEWHERE), RELATION),
    case("knowledge:relation_delete", "post", "/knowledge/network/home/relations/{relation}/delete/", done(LAB_MANAGER)),
    case("knowledge:relation_delete-hidden-lab", "post", "/knowledge/network/hidden/relations/{hidden_relation}/delete/", done(PRIVATE_ELSEWHERE)),
    # Not a lab whose relation it is: nothing happens (the page says it is gone), for those who may change the lab.
    case("knowledge:relation_delete-elsewhere", "post", "/knowledge/network/home/relations/{hidden_relation}/delete/", done(LAB_MANAGER)),
    case("knowledge:relation_delete-get", "get", "/knowledge/network/home/relations/{relation}/delete/", dict.fromkeys(ROLES, 405)),
]  # fmt: skip


@pytest.fixture
def world(matrix_world):
    target = case_study("case", "Case Lab", positions=["edge"])
    own_profile(matrix_world["lab"], slug="home-profile", positions=["edge"])
    own_profile(matrix_world["private_lab"], slug="hidden-profile")
    own_profile(matrix_world["other_lab"], slug="other-profile", positions=["inside"])
    return {
        **matrix_world,
        "relation": relate(matrix_world["lab"], target),
        "hidden_relation": relate(matrix_world["private_lab"], target, "role_model"),
    }


test_permission_matrix = matrix_test(CASES)
