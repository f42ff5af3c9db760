"""Permission matrix rows for notifications (see kosilab/core/tests/matrix.py).

Everything here needs an account. Following needs the view permission of the challenge or process
(what you may not see does not exist: 404); unfollowing works for anything (it only removes your own
follow, and shows nothing of what you may not see). A notification opens only for its recipient.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory
from kosilab.core.tests.matrix import (
    ANYONE,
    LOGGED_IN,
    PRIVATE,
    PRIVATE_ELSEWHERE,
    ROLES,
    case,
    done,
    matrix_test,
)
from kosilab.notifications.models import Notification

LOGGED_IN_DONE = done(LOGGED_IN)
ONLY_THE_RECIPIENT = {**dict.fromkeys(ROLES, 404), "anonymous": "login", "participant": 302}


def _login_first(codes: dict) -> dict:
    return {**done(codes), "anonymous": "login"}


CASES = [
    case("notifications:list", "get", "/notifications/", LOGGED_IN),
    # The badge answers everyone (empty for visitors): it is loaded on every page.
    case("notifications:badge", "get", "/notifications/badge/", ANYONE),
    case("notifications:settings", "get", "/notifications/settings/", LOGGED_IN),
    case("notifications:settings-post", "post", "/notifications/settings/", LOGGED_IN_DONE, {"frequency": "weekly"}),
    case("notifications:mark_all_read", "post", "/notifications/read/", LOGGED_IN_DONE),
    case("notifications:open", "get", "/notifications/{note}/open/", ONLY_THE_RECIPIENT),
    case("notifications:follow_challenge", "post", "/notifications/follow/challenge/{open}/", LOGGED_IN_DONE),
    case(
        "notifications:follow_challenge-draft",
        "post",
        "/notifications/follow/challenge/{draft}/",
        _login_first(PRIVATE),
    ),
    case(
        "notifications:follow_challenge-hidden-lab",
        "post",
        "/notifications/follow/challenge/{hidden_open}/",
        _login_first(PRIVATE_ELSEWHERE),
    ),
    case("notifications:unfollow_challenge", "post", "/notifications/unfollow/challenge/{open}/", LOGGED_IN_DONE),
    case(
        "notifications:unfollow_challenge-draft",
        "post",
        "/notifications/unfollow/challenge/{draft}/",
        LOGGED_IN_DONE,
    ),
    case("notifications:follow_process", "post", "/notifications/follow/process/{process}/", LOGGED_IN_DONE),
    case(
        "notifications:follow_process-internal",
        "post",
        "/notifications/follow/process/{internal}/",
        _login_first(PRIVATE),
    ),
    case("notifications:unfollow_process", "post", "/notifications/unfollow/process/{process}/", LOGGED_IN_DONE),
    case(
        "notifications:unfollow_process-internal",
        "post",
        "/notifications/unfollow/process/{internal}/",
        LOGGED_IN_DONE,
    ),
]


@pytest.fixture
def world(matrix_world):
    lab = matrix_world["lab"]
    note = Notification.objects.create(
        recipient=matrix_world["people"]["participant"], kind="idea", target_title="T", url="/challenges/"
    )
    return {
        **matrix_world,
        "open": ChallengeFactory(lab=lab, status="open"),
        "draft": ChallengeFactory(lab=lab, status="draft"),
        "hidden_open": ChallengeFactory(lab=matrix_world["private_lab"], status="open"),
        "process": ProcessFactory(lab=lab),
        "internal": ProcessFactory(lab=lab, visibility="internal"),
        "note": note,
    }


test_permission_matrix = matrix_test(CASES)
