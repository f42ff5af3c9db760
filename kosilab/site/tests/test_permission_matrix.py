"""Permission matrix rows for the site's own pages (see kosilab/core/tests/matrix.py).

The home page is for everyone, the dashboard of one's labs ("manage") for anyone logged in.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import ANYONE, LOGGED_IN, case, matrix_test

CASES = [
    case("site:home", "get", "/", ANYONE),
    case("site:manage", "get", "/manage/", LOGGED_IN),
]


@pytest.fixture
def world(matrix_world):
    return matrix_world


test_permission_matrix = matrix_test(CASES)
