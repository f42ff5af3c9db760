"""Results: canvases, uploads through the page (refused ones change nothing), downloads."""

from __future__ import annotations

import io

import pytest
from django.test import TestCase

from kosilab.core.errors import DomainError
from kosilab.core.tests.english import english_everywhere  # noqa: F401  (not LANGUAGE_CODE: content is German)
from kosilab.core.tests.factories import LabFactory, ProcessFactory, UserFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.results import services
from kosilab.results.models import Result, ResultFile, ResultKind
from kosilab.results.tests.factories import PDF, attach, make_result, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client):
    lab = LabFactory(slug="q", name="Q")
    manager = UserFactory()
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    client.force_login(manager)
    return {"lab": lab, "manager": manager, "process": ProcessFactory(lab=lab)}


def test_document_a_business_model(client, setting):
    process = setting["process"]
    response = client.post(
        f"/results/process/{process.pk}/new/",
        {
            "kind": "business_model",
            "title": "Geschäftsmodell Fahrradgarage",
            "visibility": "public",
            "phase": process.current_phase_id,
        },
    )
    result = Result.objects.get()
    assert response["Location"] == f"/results/{result.pk}/canvas/"
    assert result.lab == setting["lab"]
    assert result.phase_id == process.current_phase_id
    response = client.post(
        f"/results/{result.pk}/canvas/", {"value_propositions": "Sicher parken", "revenue_streams": "Miete"}
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.canvas == {"value_propositions": "Sicher parken", "revenue_streams": "Miete"}
    page = client.get(f"/results/{result.pk}/").content.decode()
    assert "Value propositions" in page and "Sicher parken" in page
    assert client.get(f"/results/{result.pk}/print/").status_code == 200


def test_canvas_fields_are_checked(setting):
    result = make_result(setting["process"], kind=ResultKind.THEORY_OF_CHANGE)
    with pytest.raises(DomainError, match="does not know"):
        services.result_canvas_set(result=result, by=None, canvas={"channels": "x"})
    with pytest.raises(DomainError, match="2000"):
        services.result_canvas_set(result=result, by=None, canvas={"problem": "x" * 2001})
    decision = make_result(setting["process"])
    with pytest.raises(DomainError):
        services.result_canvas_set(result=decision, by=None, canvas={})


def test_canvas_page_refuses_too_long_text(client, setting):
    result = make_result(setting["process"], kind=ResultKind.BUSINESS_MODEL)
    response = client.post(f"/results/{result.pk}/canvas/", {"channels": "x" * 2001})
    assert response.status_code == 400
    result.refresh_from_db()
    assert result.canvas == {}


def test_edit_page_changing_the_kind_drops_the_canvas_of_the_old_kind(client, setting):
    """The service compares with the stored kind: the edit form validates a copy of the result."""
    result = make_result(setting["process"], kind=ResultKind.BUSINESS_MODEL, canvas={"channels": "Newsletter"})
    response = client.post(
        f"/results/{result.pk}/edit/", {"kind": "theory_of_change", "title": "Wirkungslogik", "visibility": "public"}
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.kind, result.title, result.canvas) == (ResultKind.THEORY_OF_CHANGE, "Wirkungslogik", {})


def test_phase_of_another_process_is_refused(setting):
    other = ProcessFactory(lab=setting["lab"])
    with pytest.raises(DomainError):
        services.result_create(
            process=setting["process"], by=None, kind="decision", title="X", phase=other.phases.first()
        )


def test_upload_and_download(client, setting):
    result = make_result(setting["process"])
    upload = io.BytesIO(PDF)
    upload.name = "Bericht <1>.pdf"
    response = client.post(f"/results/{result.pk}/files/new/", {"file": upload, "description": "Test"})
    assert response.status_code == 302
    attached = ResultFile.objects.get()
    assert attached.content_type == "application/pdf"
    response = client.get(f"/results/files/{attached.pk}/download/")
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.post(f"/results/files/{attached.pk}/remove/")
    assert not ResultFile.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.svg", b"<svg onload='alert(1)'/>", "SVG images are not allowed"),
        ("report.pdf", b"<html><script>alert(1)</script></html>", "Web pages (HTML)"),
        ("report.pdf", b"MZ\x90\x00" + b"\0" * 50, "Programs and scripts are not allowed."),
        ("report.pdf", b"", "The submitted file is empty."),
        ("report.pdf", PDF + b"\0" * (10 * 1024 * 1024), "The file can be at most 10 MB."),
    ],
)
def test_refused_upload_saves_nothing(client, setting, name, content, message):
    result = make_result(setting["process"])
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post(f"/results/{result.pk}/files/new/", {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ResultFile.objects.exists()


def test_uploaded_image_is_reencoded(client, setting):
    result = make_result(setting["process"])
    upload = io.BytesIO(png_bytes())
    upload.name = "garage.png"
    client.post(f"/results/{result.pk}/files/new/", {"file": upload})
    attached = ResultFile.objects.get()
    assert attached.original_name == "garage.jpg"
    assert attached.content_type == "image/jpeg"


def test_delete_result_removes_its_files(client, setting):
    result = make_result(setting["process"])
    attached = attach(result)
    storage, name = attached.file.storage, attached.file.name
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/results/{result.pk}/delete/")
    assert response.status_code == 302
    assert not Result.objects.exists()
    assert not storage.exists(name)


def test_stored_files_get_random_names_the_original_name_is_kept(db, lab):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kosilab.core.tests.factories import ProcessFactory
    from kosilab.results.models import Result
    from kosilab.results.services import result_file_add

    process = ProcessFactory(lab=lab)
    result = Result.objects.create(process=process, lab=lab, kind="decision", title="Draft", visibility="draft")
    first = result_file_add(result=result, by=None, file=SimpleUploadedFile("Protokoll Rat.pdf", b"%PDF-1.4 x"))
    second = result_file_add(result=result, by=None, file=SimpleUploadedFile("Protokoll Rat.pdf", b"%PDF-1.4 y"))
    assert first.original_name == "Protokoll Rat.pdf"
    assert "Protokoll" not in first.file.name
    assert first.file.name.endswith(".pdf") and first.file.name != second.file.name
    assert len(first.file.name.rsplit("/", 1)[1]) == 32 + len(".pdf")
