"""Permission matrix rows for personal calendar feeds (see kosilab/core/tests/matrix.py).

The page and its two buttons are for anyone logged in (each person has their own address); the
feed itself is reached by its secret, whoever holds it, and an unknown or revoked secret is "not
found" for everybody. Which events a feed holds: tests/test_personal_feed.py.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import ANYONE, LOGGED_IN, ROLES, case, done, matrix_test
from kosilab.events.feed_services import calendar_feed_create, calendar_feed_revoke

NOT_FOUND = dict.fromkeys(ROLES, 404)

CASES = [
    case("events:feed", "get", "/events/my-calendar/", LOGGED_IN),
    case("events:feed_create", "post", "/events/my-calendar/new/", done(LOGGED_IN)),
    case("events:feed_revoke", "post", "/events/my-calendar/revoke/", done(LOGGED_IN)),
    case("events:personal_calendar", "get", "/events/feed/{feed_token}.ics", ANYONE),
    case("events:personal_calendar-revoked", "get", "/events/feed/{revoked_token}.ics", NOT_FOUND),
    case("events:personal_calendar-unknown", "get", "/events/feed/not-a-token.ics", NOT_FOUND),
]


@pytest.fixture
def world(matrix_world):
    member = matrix_world["people"]["member"]
    revoked = calendar_feed_create(user=member, by=None)
    calendar_feed_revoke(feed=revoked, by=None)
    feed = calendar_feed_create(user=matrix_world["people"]["other_manager"], by=None)
    return {**matrix_world, "feed_token": feed.token, "revoked_token": revoked.token}


test_permission_matrix = matrix_test(CASES)
