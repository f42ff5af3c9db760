"""Permission matrix rows for results (see kosilab/core/tests/matrix.py).

Results follow their process: those who may change the process (lab staff, process lead or
facilitator, admin) write them; a public result of a public process is seen by everyone; a draft by
the process team and those who may change the process; another lab's private result is "not found".
"""

from __future__ import annotations

import pytest

from kosilab.core.tests.factories import ProcessFactory
from kosilab.core.tests.matrix import (
    ANYONE,
    LAB_STAFF,
    PRIVATE,
    PRIVATE_ELSEWHERE,
    case,
    done,
    matrix_test,
)
from kosilab.results.models import ResultKind, ResultVisibility
from kosilab.results.tests.factories import attach, make_result

CASES = [
    case("results:process", "get", "/results/process/{process}/", ANYONE),
    case("results:process-hidden-lab", "get", "/results/process/{hidden_process}/", PRIVATE_ELSEWHERE),
    case("results:create", "get", "/results/process/{process}/new/", LAB_STAFF),
    case(
        "results:create",
        "post",
        "/results/process/{process}/new/",
        done(LAB_STAFF),
        {"kind": "decision", "title": "Beschluss", "visibility": "draft"},
    ),
    case("results:create-hidden-lab", "get", "/results/process/{hidden_process}/new/", PRIVATE_ELSEWHERE),
    case("results:detail", "get", "/results/{result}/", ANYONE),
    case("results:detail-draft", "get", "/results/{draft}/", PRIVATE),
    case("results:detail-hidden-lab", "get", "/results/{hidden}/", PRIVATE_ELSEWHERE),
    case("results:print", "get", "/results/{result}/print/", ANYONE),
    case("results:print-draft", "get", "/results/{draft}/print/", PRIVATE),
    case("results:edit", "get", "/results/{result}/edit/", LAB_STAFF),
    case("results:edit-draft", "get", "/results/{draft}/edit/", PRIVATE),
    case(
        "results:edit",
        "post",
        "/results/{result}/edit/",
        done(LAB_STAFF),
        {"kind": "business_model", "title": "Neu", "visibility": "public"},
    ),
    case("results:canvas", "get", "/results/{result}/canvas/", LAB_STAFF),
    case("results:canvas", "post", "/results/{result}/canvas/", done(LAB_STAFF), {"channels": "Flyer"}),
    case("results:canvas-hidden-lab", "get", "/results/{hidden}/canvas/", PRIVATE_ELSEWHERE),
    case("results:delete", "get", "/results/{result}/delete/", LAB_STAFF),
    case("results:delete", "post", "/results/{result}/delete/", done(LAB_STAFF)),
    case("results:delete-draft", "post", "/results/{draft}/delete/", done(PRIVATE)),
    case("results:file_add", "get", "/results/{result}/files/new/", LAB_STAFF),
    case("results:file_add-draft", "get", "/results/{draft}/files/new/", PRIVATE),
    case("results:file_remove", "post", "/results/files/{file}/remove/", done(LAB_STAFF)),
    case("results:file_remove-draft", "post", "/results/files/{draft_file}/remove/", done(PRIVATE)),
    case("results:download", "get", "/results/files/{file}/download/", ANYONE),
    case("results:download-draft", "get", "/results/files/{draft_file}/download/", PRIVATE),
    case("results:download-hidden-lab", "get", "/results/files/{hidden_file}/download/", PRIVATE_ELSEWHERE),
]


@pytest.fixture
def world(matrix_world):
    process = ProcessFactory(lab=matrix_world["lab"])
    hidden_process = ProcessFactory(lab=matrix_world["private_lab"])
    result = make_result(process, kind=ResultKind.BUSINESS_MODEL, title="Geschäftsmodell")
    draft = make_result(process, visibility=ResultVisibility.DRAFT, title="Entwurf")
    hidden = make_result(hidden_process, kind=ResultKind.THEORY_OF_CHANGE)
    return {
        **matrix_world,
        "process": process,
        "hidden_process": hidden_process,
        "result": result,
        "draft": draft,
        "hidden": hidden,
        "file": attach(result),
        "draft_file": attach(draft),
        "hidden_file": attach(hidden),
    }


test_permission_matrix = matrix_test(CASES)


def test_process_team_reads_drafts_but_does_not_write(client, world):
    from kosilab.processes.services import member_add

    member = world["people"]["member"]
    member_add(process=world["process"], user=member, role="co_creator", by=None)
    client.force_login(member)
    assert client.get(f"/results/{world['draft'].pk}/").status_code == 200
    assert client.get(f"/results/{world['draft'].pk}/edit/").status_code == 403


def test_process_lead_writes(client, world):
    from kosilab.processes.services import member_add

    lead = world["people"]["participant"]
    member_add(process=world["process"], user=lead, role="lead", sector="public", by=None)
    client.force_login(lead)
    assert client.get(f"/results/{world['draft'].pk}/edit/").status_code == 200


def test_drafts_are_not_listed_for_visitors(client, world):
    page = client.get(f"/results/process/{world['process'].pk}/").content.decode()
    assert "Geschäftsmodell" in page
    assert "Entwurf" not in page
