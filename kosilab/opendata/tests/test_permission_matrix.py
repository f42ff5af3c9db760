"""Permission matrix rows for the open data page (see kosilab/core/tests/matrix.py).

The page, the download and the descriptor are for everybody (the dump holds public data only); asking
for a new build is for platform admins alone: anonymous visitors are sent to log in, everybody else,
lab managers included, is refused.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import ANYONE, ROLES, case, matrix_test
from kosilab.opendata.services import open_data_build_run, open_data_build_start

ADMINS_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": "login", "admin": 302}

CASES = [
    case("opendata:index", "get", "/open-data/", ANYONE),
    case("opendata:download", "get", "/open-data/kosilab-open-data.zip", ANYONE),
    case("opendata:datapackage", "get", "/open-data/datapackage.json", ANYONE),
    case("opendata:request_build", "post", "/open-data/build/", ADMINS_ONLY),
    case("opendata:request_build", "get", "/open-data/build/", dict.fromkeys(ROLES, 405)),
]


@pytest.fixture
def world(matrix_world):
    open_data_build_run(build_id=open_data_build_start().pk)
    return matrix_world


test_permission_matrix = matrix_test(CASES)
