"""Permission matrix rows for accounts (see kosilab/core/tests/matrix.py).

Signing up and logging in are for visitors (people logged in are sent on); one's own data, its
export and deletion and the password change need an account; resetting a password does not.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import ANYONE, LOGGED_IN, ROLES, case, matrix_test

CASES = [
    case("accounts:signup", "get", "/accounts/signup/", {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    case("accounts:login", "get", "/accounts/login/", {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    case("accounts:profile", "get", "/accounts/profile/", dict.fromkeys(ROLES, 301)),  # moved to actors
    case("accounts:export", "get", "/accounts/my-data/", LOGGED_IN),
    case("accounts:delete", "get", "/accounts/delete/", LOGGED_IN),
    case("accounts:password_change", "get", "/accounts/password/change/", LOGGED_IN),
    case("accounts:password_reset", "get", "/accounts/password/reset/", ANYONE),
    case("accounts:resend_confirmation", "get", "/accounts/confirm-again/", ANYONE),
    case("accounts:password_reset_done", "get", "/accounts/password/reset/sent/", ANYONE),
    case("accounts:password_reset_complete", "get", "/accounts/password/reset/complete/", ANYONE),
    case("accounts:logout", "post", "/accounts/logout/", dict.fromkeys(ROLES, 302)),
]


@pytest.fixture
def world(matrix_world):
    return matrix_world


test_permission_matrix = matrix_test(CASES)
