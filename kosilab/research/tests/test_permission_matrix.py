"""Permission matrix rows for the research export (see kosilab/core/tests/matrix.py).

Platform admins export any lab or the whole installation; a lab manager exports the labs they
manage (another lab is not offered: 400 with the form); facilitators and participants may not
(403); anonymous visitors are sent to log in. A ready export is downloaded only by the person who
asked for it (404 for everybody else).
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.matrix import done, matrix_test
from kosilab.research.services import research_export_request, research_export_run

EXPORTERS = {
    "anonymous": "login",
    "participant": 403,
    "facilitator": 403,
    "manager": 200,
    "other_manager": 200,
    "admin": 200,
}
OWN = {**EXPORTERS, "other_manager": 404, "admin": 404}
CASES = [
    pytest.param("get", "/research/", EXPORTERS, {}, id="research:export-get"),
    pytest.param(
        "post",
        "/research/",
        {**done(EXPORTERS), "other_manager": 400},
        {"scope": "home"},
        id="research:export-lab-post",
    ),
    pytest.param(
        "post",
        "/research/",
        {**done(EXPORTERS), "manager": 400, "other_manager": 400},
        {"scope": "*"},
        id="research:export-all-post",
    ),
    pytest.param(
        "post",
        "/research/",
        {**done(EXPORTERS), "manager": 400},
        {"scope": "hidden"},
        id="research:export-private-lab-post",
    ),
    pytest.param("get", "/research/{export}/download/", OWN, {}, id="research:download-get"),
]


@pytest.fixture
def world(matrix_world):
    export = research_export_request(by=matrix_world["people"]["manager"], lab=matrix_world["lab"])
    research_export_run(export_id=export.pk)
    return {**matrix_world, "export": export}


test_permission_matrix = matrix_test(CASES)


def test_a_download_is_a_zip_for_the_exporter_only(client, world):
    client.force_login(world["people"]["manager"])
    response = client.get(f"/research/{world['export'].pk}/download/")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="kosilab-research-home-')
    assert "no-store" in response["Cache-Control"]
    assert response.content[:2] == b"PK"
