"""Result files when the upload folder fails: a clear message at the file, no row, no file left
behind, also for a large upload that Django had put in a temporary file; a file whose row could not
be saved is removed again."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from kosilab.core.tests.factories import LabFactory, ProcessFactory, UserFactory
from kosilab.core.tests.upload_faults import (
    FAULTS,
    NO_SPACE,
    database_refuses,
    disk_fills_up,
    media_files,
    upload_fault,
)
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.results.models import ResultFile
from kosilab.results.tests.factories import PDF, make_result, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def result(client):
    lab = LabFactory(slug="q", name="Q")
    manager = UserFactory()
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    client.force_login(manager)
    return make_result(ProcessFactory(lab=lab))


def _upload(name: str, content: bytes) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


@pytest.mark.parametrize(("fault", "message"), FAULTS)
@pytest.mark.parametrize(("name", "content"), [("report.pdf", PDF), ("garage.png", png_bytes())], ids=["pdf", "image"])
def test_adding_a_file(client, result, settings, tmp_path, fault, message, name, content):
    with upload_fault(fault, settings, tmp_path):
        response = client.post(f"/results/{result.pk}/files/new/", {"file": _upload(name, content)})
    assert response.status_code == 400
    assert message in response.context["form"].errors["file"]
    assert message in response.content.decode()
    assert not ResultFile.objects.exists()
    assert media_files() == []


def test_a_large_file_from_a_temporary_upload(client, result, settings):
    """Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE arrive as a temporary file that the storage copies over."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    content = PDF + b"%" + b"0" * 300_000
    with disk_fills_up(room=4096) as failed:
        response = client.post(f"/results/{result.pk}/files/new/", {"file": _upload("big.pdf", content)})
    assert failed  # the copy was cut off with a partial file on the disk
    assert response.status_code == 400
    assert NO_SPACE in response.content.decode()
    assert not ResultFile.objects.exists()
    assert media_files() == []
    response = client.post(f"/results/{result.pk}/files/new/", {"file": _upload("big.pdf", content)})
    assert response.status_code == 302
    attached = ResultFile.objects.get()
    assert media_files() == [attached.file.name]
    with attached.file.open("rb") as stored:
        assert stored.read() == content


def test_a_file_whose_row_could_not_be_saved_is_removed(client, result):
    with database_refuses('INSERT INTO "results_resultfile"'):
        response = client.post(f"/results/{result.pk}/files/new/", {"file": _upload("report.pdf", PDF)})
    assert response.status_code == 503
    assert not ResultFile.objects.exists()
    assert media_files() == []
