"""kosilab.core.storage: a refused write leaves no partial file and gives a clear message; files of a
write that failed later are removed again."""

from __future__ import annotations

import errno
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from kosilab.core.errors import DomainError
from kosilab.core.storage import UploadFailed, UploadFailedMiddleware, UploadStorage, uploads_undone_on_error
from kosilab.core.tests.upload_faults import (
    FAULT,
    NO_SPACE,
    NOT_WRITABLE,
    PARTIAL_BYTES,
    disk_fills_up,
    folder_not_writable,
    media_files,
    media_root_beneath_a_file,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_default_storage_is_the_upload_storage():
    assert isinstance(default_storage, UploadStorage)


def test_djangos_own_storage_leaves_the_partial_file_behind(settings):
    """Why UploadStorage exists (and proof that the fault is real: a partial file is on the disk)."""
    with disk_fills_up(), pytest.raises(OSError) as error:
        FileSystemStorage(location=settings.MEDIA_ROOT).save("rooms/photo.jpg", ContentFile(b"x" * 5000))
    assert error.value.errno == errno.ENOSPC and not isinstance(error.value, UploadFailed)
    assert media_files() == ["rooms/photo.jpg"]
    assert (settings.MEDIA_ROOT / "rooms/photo.jpg").stat().st_size == PARTIAL_BYTES


def test_a_full_disk_leaves_no_partial_file():
    with disk_fills_up() as failed, pytest.raises(UploadFailed) as error:
        default_storage.save("rooms/photo.jpg", ContentFile(b"x" * 5000))
    assert error.value.message == NO_SPACE
    assert len(failed) == 1  # a partial file was on the disk when the write failed
    assert media_files() == []


def test_a_full_disk_while_moving_a_large_upload_leaves_no_partial_file(tmp_path):
    upload = TemporaryUploadedFile("report.pdf", "application/pdf", 200_000, None)
    upload.write(b"%PDF-1.4\n" + b"0" * 200_000)
    upload.seek(0)
    with disk_fills_up(room=4096) as failed, pytest.raises(UploadFailed) as error:
        default_storage.save("results/report.pdf", upload)
    upload.close()
    assert error.value.message == NO_SPACE
    assert len(failed) == 1
    assert media_files() == []


@pytest.mark.parametrize("code", [errno.EDQUOT, errno.EFBIG])
def test_quota_and_file_size_limits_read_as_no_space(code):
    with disk_fills_up(error=code), pytest.raises(UploadFailed) as error:
        default_storage.save("ideas/image.png", ContentFile(b"x" * 100))
    assert error.value.message == NO_SPACE
    assert media_files() == []


def test_a_folder_the_server_may_not_write_to():
    with folder_not_writable(), pytest.raises(UploadFailed) as error:
        default_storage.save("rooms/photo.jpg", ContentFile(b"x" * 100))
    assert error.value.message == NOT_WRITABLE
    assert media_files() == []


def test_an_upload_folder_beneath_a_file(settings, tmp_path):
    blocker = media_root_beneath_a_file(settings, tmp_path)
    with pytest.raises(UploadFailed) as error:
        default_storage.save("rooms/photo.jpg", ContentFile(b"x" * 100))
    assert error.value.message == NOT_WRITABLE
    assert blocker.read_text() == "a file where the upload folder should be"


def test_other_faults_of_the_disk(caplog):
    with disk_fills_up(error=errno.EIO), pytest.raises(UploadFailed) as error:
        default_storage.save("rooms/photo.jpg", ContentFile(b"x" * 100))
    assert error.value.message == FAULT
    assert media_files() == []


def test_the_fault_is_logged_for_the_operators(caplog):
    with caplog.at_level(logging.ERROR, logger="kosilab.core.storage"), disk_fills_up(), pytest.raises(UploadFailed):
        default_storage.save("rooms/photo.jpg", ContentFile(b"x" * 100))
    assert "ENOSPC" in caplog.text and "rooms/photo" in caplog.text


def test_a_file_already_there_under_the_name_is_kept():
    """Two uploads racing for one name: Django moves on to another name; only that one is removed."""
    kept = default_storage.save("rooms/photo.jpg", ContentFile(b"the other upload"))
    with disk_fills_up(), pytest.raises(UploadFailed):
        default_storage._save(kept, ContentFile(b"x" * 100))  # the name was free a moment ago
    assert media_files() == [kept]
    with default_storage.open(kept) as stored:
        assert stored.read() == b"the other upload"


def test_files_stored_in_a_block_that_fails_are_removed():
    with pytest.raises(DomainError), uploads_undone_on_error():
        default_storage.save("ideas/a.png", ContentFile(b"a"))
        default_storage.save("ideas/b.png", ContentFile(b"b"))
        assert len(media_files()) == 2
        raise DomainError("The row could not be saved.")
    assert media_files() == []


def test_files_stored_in_a_block_that_succeeds_stay():
    with uploads_undone_on_error():
        name = default_storage.save("ideas/a.png", ContentFile(b"a"))
    assert media_files() == [name]


def test_an_enclosing_block_removes_the_files_of_an_inner_one_that_succeeded():
    with pytest.raises(RuntimeError), uploads_undone_on_error():
        with uploads_undone_on_error():
            default_storage.save("ideas/a.png", ContentFile(b"a"))
        raise RuntimeError("later")
    assert media_files() == []


def test_files_stored_before_the_block_are_not_touched():
    before = default_storage.save("ideas/before.png", ContentFile(b"a"))
    with pytest.raises(RuntimeError), uploads_undone_on_error():
        raise RuntimeError("nothing stored")
    assert media_files() == [before]


def test_the_block_names_the_form_field_of_the_upload():
    with disk_fills_up(), pytest.raises(UploadFailed) as error, uploads_undone_on_error(field="photo"):
        default_storage.save("rooms/photo.jpg", ContentFile(b"x" * 100))
    assert error.value.field == "photo"


def test_the_decorator_form_removes_the_files_of_each_failed_call():
    @uploads_undone_on_error(field="image")
    def store(fail: bool) -> str:
        name = default_storage.save("ideas/a.png", ContentFile(b"a"))
        if fail:
            raise DomainError("no")
        return name

    kept = store(False)
    with pytest.raises(DomainError):
        store(True)
    assert media_files() == [kept]


def test_an_upload_failure_outside_a_form_is_a_503_page_not_a_500(db):
    request = RequestFactory().post("/admin/rooms/room/add/")
    middleware = UploadFailedMiddleware(lambda request: HttpResponse())
    response = middleware.process_exception(request, UploadFailed(NO_SPACE))
    assert response is not None and response.status_code == 503
    assert NO_SPACE in response.content.decode()
    assert middleware.process_exception(request, ValueError("other")) is None
