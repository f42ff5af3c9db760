"""Permission matrix rows for co-creation (see kosilab/core/tests/matrix.py).

Reading follows the challenge or process; writing needs an account and a place open for ideas;
moderation, answers and opening are for the lab's staff; changing and deleting for the author only
(the "member" of the world, who is none of the roles).
"""

from __future__ import annotations

import pytest

from kosilab.cocreation import services
from kosilab.cocreation.tests.factories import comment, idea, open_challenge, open_phase
from kosilab.core.tests.matrix import (
    ANYONE,
    LAB_STAFF,
    LOGGED_IN,
    PRIVATE_ELSEWHERE,
    ROLES,
    case,
    done,
    matrix_test,
)

# Platform admins hold every permission (Django superusers); the services still keep the domain
# rules for them: a closed place takes no ideas, support or comments.
AUTHOR_ONLY = {"anonymous": "login", **dict.fromkeys(ROLES[1:-1], 403), "admin": 200}
CLOSED = {"anonymous": "login", **dict.fromkeys(ROLES[1:-1], 403), "admin": 200}
IDEA = {"title": "Shade", "text": "Trees on the square"}

CASES = [
    case("cocreation:challenge_ideas", "get", "/ideas/challenge/{challenge}/", ANYONE),
    case("cocreation:challenge_ideas-hidden-lab", "get", "/ideas/challenge/{hidden_challenge}/", PRIVATE_ELSEWHERE),
    case("cocreation:phase_ideas", "get", "/ideas/phase/{phase}/", ANYONE),
    case("cocreation:challenge_new", "get", "/ideas/challenge/{challenge}/new/", LOGGED_IN),
    case("cocreation:challenge_new-post", "post", "/ideas/challenge/{challenge}/new/", done(LOGGED_IN), IDEA),
    case("cocreation:challenge_new-closed", "get", "/ideas/challenge/{closed}/new/", CLOSED),
    case("cocreation:challenge_new-hidden-lab", "get", "/ideas/challenge/{hidden_challenge}/new/", PRIVATE_ELSEWHERE),
    case("cocreation:phase_new", "get", "/ideas/phase/{phase}/new/", LOGGED_IN),
    case("cocreation:phase_new-post", "post", "/ideas/phase/{phase}/new/", done(LOGGED_IN), IDEA),
    case("cocreation:open_challenge", "post", "/ideas/open/challenge/{challenge}/", done(LAB_STAFF), {"open": "0"}),
    case(
        "cocreation:open_challenge-hidden-lab",
        "post",
        "/ideas/open/challenge/{hidden_challenge}/",
        done(PRIVATE_ELSEWHERE),
        {"open": "0"},
    ),
    case("cocreation:open_phase", "post", "/ideas/open/phase/{phase}/", done(LAB_STAFF), {"open": "1"}),
    case("cocreation:detail", "get", "/ideas/{idea}/", ANYONE),
    case("cocreation:detail-hidden-lab", "get", "/ideas/{hidden_idea}/", PRIVATE_ELSEWHERE),
    case("cocreation:detail-phase", "get", "/ideas/{phase_idea}/", ANYONE),
    case("cocreation:edit", "get", "/ideas/{idea}/edit/", AUTHOR_ONLY),
    case("cocreation:delete", "post", "/ideas/{idea}/delete/", done(AUTHOR_ONLY)),
    case("cocreation:support", "post", "/ideas/{idea}/support/", done(LOGGED_IN)),
    case("cocreation:support-closed", "post", "/ideas/{closed_idea}/support/", done(CLOSED)),
    case("cocreation:support-hidden-lab", "post", "/ideas/{hidden_idea}/support/", done(PRIVATE_ELSEWHERE)),
    case("cocreation:withdraw_support", "post", "/ideas/{idea}/support/withdraw/", done(LOGGED_IN)),
    case("cocreation:comment", "post", "/ideas/{idea}/comment/", done(LOGGED_IN), {"text": "Yes!"}),
    case(
        "cocreation:comment-closed", "post", "/ideas/{closed_idea}/comment/", {**CLOSED, "admin": 400}, {"text": "Yes!"}
    ),
    case("cocreation:report_idea", "get", "/ideas/{idea}/report/", LOGGED_IN),
    case("cocreation:report_idea-post", "post", "/ideas/{idea}/report/", done(LOGGED_IN), {"reason": "Spam"}),
    case("cocreation:moderate_idea", "get", "/ideas/{idea}/moderate/", LAB_STAFF),
    case(
        "cocreation:moderate_idea-post",
        "post",
        "/ideas/{idea}/moderate/",
        done(LAB_STAFF),
        {"hidden": "on", "reason": "Advertising"},
    ),
    case("cocreation:moderate_idea-hidden-lab", "get", "/ideas/{hidden_idea}/moderate/", PRIVATE_ELSEWHERE),
    case("cocreation:answer", "get", "/ideas/{idea}/answer/", LAB_STAFF),
    case("cocreation:answer-post", "post", "/ideas/{idea}/answer/", done(LAB_STAFF), {"status": "examined"}),
    case("cocreation:comment_edit", "get", "/ideas/comments/{comment}/edit/", AUTHOR_ONLY),
    case("cocreation:comment_delete", "post", "/ideas/comments/{comment}/delete/", done(AUTHOR_ONLY)),
    case("cocreation:report_comment", "get", "/ideas/comments/{comment}/report/", LOGGED_IN),
    case("cocreation:moderate_comment", "get", "/ideas/comments/{comment}/moderate/", LAB_STAFF),
    case(
        "cocreation:moderate_comment-hidden-lab", "get", "/ideas/comments/{hidden_comment}/moderate/", PRIVATE_ELSEWHERE
    ),
    case("cocreation:moderation", "get", "/ideas/moderation/home/", LAB_STAFF),
    case("cocreation:moderation-hidden-lab", "get", "/ideas/moderation/hidden/", PRIVATE_ELSEWHERE),
    case("cocreation:resolve_report", "post", "/ideas/reports/{report}/resolve/", done(LAB_STAFF)),
    case(
        "cocreation:resolve_report-hidden-lab",
        "post",
        "/ideas/reports/{hidden_report}/resolve/",
        done(PRIVATE_ELSEWHERE),
    ),
]


@pytest.fixture
def world(matrix_world):
    member = matrix_world["people"]["member"]
    challenge = open_challenge(matrix_world["lab"])
    hidden_challenge = open_challenge(matrix_world["private_lab"])
    closed = open_challenge(matrix_world["lab"])
    phase = open_phase(matrix_world["lab"])
    the_idea = idea(challenge, member)
    closed_idea = idea(closed, member)
    services.place_set_open(place=closed, is_open=False, by=None)
    hidden_idea = idea(hidden_challenge, member)
    hidden_comment = comment(hidden_idea, member)
    return {
        **matrix_world,
        "challenge": challenge,
        "hidden_challenge": hidden_challenge,
        "closed": closed,
        "phase": phase,
        "idea": the_idea,
        "closed_idea": closed_idea,
        "hidden_idea": hidden_idea,
        "phase_idea": idea(phase, member),
        "comment": comment(the_idea, member),
        "hidden_comment": hidden_comment,
        "report": services.report_create(idea=the_idea, reporter=member, reason="Rude"),
        "hidden_report": services.report_create(idea=hidden_idea, reporter=member, reason="Rude"),
    }


test_permission_matrix = matrix_test(CASES)
