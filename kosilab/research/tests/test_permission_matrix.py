"""Permission matrix rows for the research export (see kosilab/core/tests/matrix.py).

Platform admins export any lab or the whole installation; a lab manager exports the labs they
manage (another lab is not offered: 400 with the form); facilitators and participants may not
(403); anonymous visitors are sent to log in.
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import matrix_test

EXPORTERS = {
    "anonymous": "login",
    "participant": 403,
    "facilitator": 403,
    "manager": 200,
    "other_manager": 200,
    "admin": 200,
}
CASES = [
    pytest.param("get", "/research/", EXPORTERS, {}, id="research:export-get"),
    pytest.param(
        "post", "/research/", {**EXPORTERS, "other_manager": 400}, {"scope": "home"}, id="research:export-lab-post"
    ),
    pytest.param(
        "post",
        "/research/",
        {**EXPORTERS, "manager": 400, "other_manager": 400},
        {"scope": "*"},
        id="research:export-all-post",
    ),
    pytest.param(
        "post",
        "/research/",
        {**EXPORTERS, "manager": 400, "other_manager": 200},
        {"scope": "hidden"},
        id="research:export-private-lab-post",
    ),
]


@pytest.fixture
def world(matrix_world):
    return matrix_world


test_permission_matrix = matrix_test(CASES)


def test_an_export_is_a_zip_for_the_exporter_only(client, world):
    client.force_login(world["people"]["manager"])
    response = client.post("/research/", {"scope": "home"})
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="kosilab-research-home-')
    assert "no-store" in response["Cache-Control"]
