"""Permission matrix rows for proposals, their review, the check of facts and a lab's own profile
(see kosilab/core/tests/matrix.py and docs/permissions.md).

A proposal exists only for its author (the facilitator of "home" here) and platform admins: for
everybody else it is "not found". Lab staff of any lab propose; platform admins review and check
facts; a lab's managers (not its facilitators) and platform admins change its own profile.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import LAB_MANAGER, LOGGED_IN, case, done, matrix_test
from kosilab.knowledge import services
from kosilab.knowledge.tests.editing import case_study

STAFF_ANYWHERE = {
    "anonymous": "login",
    "participant": 403,
    "facilitator": 200,
    "manager": 200,
    "other_manager": 200,
    "admin": 200,
}
ADMIN_ONLY = {
    "anonymous": "login",
    "participant": 403,
    "facilitator": 403,
    "manager": 403,
    "other_manager": 403,
    "admin": 200,
}
PROPOSER = {
    "anonymous": 404,
    "participant": 404,
    "facilitator": 200,
    "manager": 404,
    "other_manager": 404,
    "admin": 200,
}
REVIEW = {**PROPOSER, "facilitator": 403, "admin": 302}
WITHDRAW = {**PROPOSER, "facilitator": 302, "admin": 400}  # an admin turns it down instead
NO_PROPOSALS = {
    "anonymous": 404,
    "participant": 404,
    "facilitator": 404,
    "manager": 404,
    "other_manager": 404,
    "admin": 404,
}
HIDDEN_LAB = {"anonymous": 404, "participant": 404, "facilitator": 404, "manager": 404, "other_manager": 200}
HIDDEN_OWN = {**HIDDEN_LAB, "admin": 200}
HIDDEN_CHECK = {**HIDDEN_LAB, "other_manager": 403, "admin": 200}

NEW_CASE = {
    "name": "Matrix Lab",
    "country": "FI",
    "status": "active",
    "version": "0",
    "sources": "https://example.org/matrix",
    "lab": "{other_lab}",  # other_manager runs two labs and chooses; staff of one lab are not asked
}
EDIT = {
    "name": "Testlab",
    "city": "Kopenhagen",
    "country": "DK",
    "status": "active",
    "founded": "2003",
    "version": "1",
    "sources": "Annual report 2030",
    "lab": "{other_lab}",
}
# The world gives both hosted labs an own profile in its version 2.
OWN = {"name": "Home", "country": "DE", "status": "active", "team_size": "4", "version": "2"}
OWN_HIDDEN = {**OWN, "name": "Hidden"}

CASES = [
    case("knowledge:propose", "get", "/knowledge/propose/", STAFF_ANYWHERE),
    case("knowledge:propose", "post", "/knowledge/propose/", done(STAFF_ANYWHERE), NEW_CASE),
    case("knowledge:propose_edit", "get", "/knowledge/labs/testlab/propose/", STAFF_ANYWHERE),
    case("knowledge:propose_edit", "post", "/knowledge/labs/testlab/propose/", done(STAFF_ANYWHERE), EDIT),
    # A hosted lab's own profile takes no proposals: its managers keep it.
    case("knowledge:propose_edit-hosted", "get", "/knowledge/labs/home/propose/", NO_PROPOSALS),
    case("knowledge:proposals", "get", "/knowledge/proposals/", LOGGED_IN),
    case("knowledge:proposal", "get", "/knowledge/proposals/{proposal}/", PROPOSER),
    case(
        "knowledge:proposal_accept", "post", "/knowledge/proposals/{proposal}/accept/", REVIEW, {"accept-version": "1"}
    ),
    case(
        "knowledge:proposal_reject", "post", "/knowledge/proposals/{proposal}/reject/", REVIEW, {"reject-note": "No."}
    ),
    case("knowledge:proposal_withdraw", "post", "/knowledge/proposals/{proposal}/withdraw/", WITHDRAW),
    case("knowledge:facts_check", "get", "/knowledge/labs/testlab/check/", ADMIN_ONLY),
    case("knowledge:facts_check", "post", "/knowledge/labs/testlab/check/", done(ADMIN_ONLY), {"facts": "founded"}),
    case("knowledge:facts_check-hidden-lab", "get", "/knowledge/labs/hidden/check/", HIDDEN_CHECK),
    case("knowledge:own_profile", "get", "/knowledge/own/home/", LAB_MANAGER),
    case("knowledge:own_profile", "post", "/knowledge/own/home/", done(LAB_MANAGER), OWN),
    case("knowledge:own_profile-hidden-lab", "get", "/knowledge/own/hidden/", HIDDEN_OWN),
    case("knowledge:own_profile-hidden-lab", "post", "/knowledge/own/hidden/", done(HIDDEN_OWN), OWN_HIDDEN),
]


@pytest.fixture
def world(matrix_world):
    profile = case_study()
    people = matrix_world["people"]
    proposal = services.proposal_create(
        actor=people["facilitator"],
        lab=matrix_world["lab"],
        profile=profile,
        data={"founded": 2004},
        sources="https://example.org/2004",
        expected_version=1,
    )
    # The hosted labs' own profiles (slugs "home" and "hidden"), each with a fact to check.
    for lab in (matrix_world["lab"], matrix_world["private_lab"]):
        services.own_profile_update(lab=lab, actor=None, data={"team_size": 3}, expected_version=0)
    return {**matrix_world, "case": profile, "proposal": proposal}


test_permission_matrix = matrix_test(CASES)
