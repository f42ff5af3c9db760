"""Permission matrix rows for processes (see kosilab/core/tests/matrix.py).

A public process of a public lab is seen by everyone; an internal one, and any process of a private
lab, only by the lab's team. The lab's staff start, change and advance processes and keep their
team, milestones and log.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory
from kosilab.core.tests.matrix import ANYONE, LAB_STAFF, PRIVATE, PRIVATE_ELSEWHERE, case, done, matrix_test
from kosilab.processes.services import invitation_send, member_add

CASES = [
    case("processes:list", "get", "/processes/", ANYONE),
    case("processes:create", "get", "/processes/new/home/", LAB_STAFF),
    case("processes:detail", "get", "/processes/{process}/", ANYONE),
    case("processes:detail-internal", "get", "/processes/{internal}/", PRIVATE),
    case("processes:detail-hidden-lab", "get", "/processes/{hidden_process}/", PRIVATE_ELSEWHERE),
    case("processes:edit", "get", "/processes/{process}/edit/", LAB_STAFF),
    case("processes:edit-internal", "get", "/processes/{internal}/edit/", PRIVATE),
    case("processes:team", "get", "/processes/{process}/team/", LAB_STAFF),
    case(
        "processes:member_add",
        "post",
        "/processes/{process}/team/add/",
        done(LAB_STAFF),
        {"person": "{member_user}", "role": "co_creator"},
    ),
    case("processes:member_remove", "post", "/processes/{process}/team/{member}/remove/", done(LAB_STAFF)),
    case(
        "processes:member_role",
        "post",
        "/processes/{process}/team/{member}/role/",
        done(LAB_STAFF),
        {"role": "expert"},
    ),
    case(
        "processes:invitation_create",
        "post",
        "/processes/{process}/team/invite/",
        done(LAB_STAFF),
        {"invite-email": "newcomer@example.org", "invite-role": "expert", "invite-sector": "science"},
    ),
    case(
        "processes:invitation_withdraw",
        "post",
        "/processes/{process}/team/invitations/{invitation}/withdraw/",
        done(LAB_STAFF),
    ),
    # The link in the invitation mail: whoever holds it sees the invitation.
    case("processes:invitation", "get", "/processes/invitations/{invitation_token}/", ANYONE),
    case("processes:advance", "post", "/processes/{process}/advance/", done(LAB_STAFF), {"reason": "Ready."}),
    case("processes:advance-internal", "post", "/processes/{internal}/advance/", done(PRIVATE), {"reason": "Ready."}),
    case(
        "processes:milestone_add",
        "post",
        "/processes/{process}/milestones/",
        done(LAB_STAFF),
        {"title": "X", "due_on": "2030-01-01"},
    ),
    case("processes:milestone_toggle", "post", "/processes/{process}/milestones/{milestone}/toggle/", done(LAB_STAFF)),
    case("processes:log_add", "post", "/processes/{process}/log/", done(LAB_STAFF), {"text": "We met."}),
]


@pytest.fixture
def world(matrix_world):
    lab, people = matrix_world["lab"], matrix_world["people"]
    process = ProcessFactory(lab=lab, challenge=ChallengeFactory(lab=lab, status="open"))
    invitation, token = invitation_send(
        process=process, email="invited@example.org", role="expert", sector="science", by=None
    )
    return {
        **matrix_world,
        "process": process,
        "internal": ProcessFactory(lab=lab, visibility="internal"),
        "hidden_process": ProcessFactory(lab=matrix_world["private_lab"]),
        "member": member_add(process=process, user=people["member"], role="co_creator", by=None),
        "member_user": people["member"],
        "invitation": invitation,
        "invitation_token": token,
        "milestone": process.milestones.create(title="M", due_on="2030-01-01"),
    }


test_permission_matrix = matrix_test(CASES)


def test_refused_writes_change_nothing(client, world):
    process = world["process"]
    before = process.current_phase_id
    client.force_login(world["people"]["participant"])
    assert client.post(f"/processes/{process.pk}/advance/", {"reason": "Let me in."}).status_code == 403
    client.force_login(world["people"]["other_manager"])
    assert client.post(f"/processes/{process.pk}/advance/", {"reason": "Let me in."}).status_code == 403
    process.refresh_from_db()
    assert process.current_phase_id == before
    assert process.transitions.count() == 1
