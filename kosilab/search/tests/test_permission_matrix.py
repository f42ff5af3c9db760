"""Permission matrix rows for the search (see kosilab/core/tests/matrix.py): everybody may search;
what each reader finds is tested in test_search_visibility.py."""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import ANYONE, case, matrix_test

CASES = [
    case("search:results", "get", "/search/?q=Home", ANYONE),
]


@pytest.fixture
def world(matrix_world):
    return matrix_world


test_permission_matrix = matrix_test(CASES)
