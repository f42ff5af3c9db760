"""Uploads on S3-compatible object storage (kosilab/core/object_storage.py), against a real S3 server:
moto in server mode, started on a free port of this machine. No request leaves the machine."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kosilab.core.object_storage import ObjectStorageError, S3UploadStorage
from kosilab.core.storage import UploadFailed, uploads_undone_on_error
from kosilab.core.tests.live import free_port
from kosilab.core.tests.s3 import BUCKET, objects, options
from kosilab.core.tests.upload_faults import png_upload
from kosilab.rooms.models import Room
from kosilab.rooms.tests.factories import room_form_data


def test_settings_choose_the_object_storage_by_one_variable(monkeypatch):
    from config.env import Env

    source = {
        "KOSILAB_S3_BUCKET": "city-lab",
        "KOSILAB_S3_ENDPOINT_URL": "https://s3.city.example",
        "KOSILAB_S3_REGION": "de-west",
        "KOSILAB_S3_ACCESS_KEY_ID": "id",
        "KOSILAB_S3_SECRET_ACCESS_KEY": "secret",
        "KOSILAB_S3_PREFIX": "/kosilab/",
    }
    namespace = _settings_with(monkeypatch, Env(source))
    default = namespace["STORAGES"]["default"]
    assert default["BACKEND"] == "kosilab.core.object_storage.S3UploadStorage"
    assert default["OPTIONS"] == {
        "bucket_name": "city-lab",
        "endpoint_url": "https://s3.city.example",
        "region_name": "de-west",
        "access_key": "id",
        "secret_key": "secret",
        "location": "kosilab",
        "signature_version": "s3v4",
        "addressing_style": "path",
    }
    assert _settings_with(monkeypatch, Env({}))["STORAGES"]["default"] == {
        "BACKEND": "kosilab.core.storage.UploadStorage"
    }


def _settings_with(monkeypatch, environment) -> dict:
    """config/settings.py run afresh with the given environment (the module itself stays as it is)."""
    import runpy

    import config.env

    monkeypatch.setattr(config.env, "env", environment)
    return runpy.run_path(str(__import__("config.settings").settings.__file__))


def test_a_file_goes_to_the_bucket_and_comes_back(on_s3):
    name = default_storage.save("results/2027/report.pdf", ContentFile(b"%PDF-1.4 report"))
    assert objects(on_s3) == [name]
    assert default_storage.exists(name)
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.4 report"
    assert default_storage.size(name) == len(b"%PDF-1.4 report")
    default_storage.delete(name)
    assert objects(on_s3) == []
    assert not default_storage.exists(name)


def test_a_name_already_taken_gets_another_name_instead_of_replacing_the_file(on_s3):
    first = default_storage.save("ideas/2027/06/bench.png", ContentFile(b"first"))
    second = default_storage.save("ideas/2027/06/bench.png", ContentFile(b"second"))
    assert first == "ideas/2027/06/bench.png" and second != first
    with default_storage.open(first, "rb") as handle:
        assert handle.read() == b"first"


def test_addresses_are_on_the_platform_not_on_the_store(on_s3):
    name = default_storage.save("rooms/Raum Ülkü.png", ContentFile(b"x"))
    assert default_storage.url(name) == "/media/rooms/Raum%20%C3%9Clk%C3%BC.png"


def test_a_refused_upload_is_a_clear_message_and_stores_nothing(settings, s3_endpoint, caplog):
    """The bucket is missing (or the credentials may not write): UploadFailed in the visitor's language."""
    storage = S3UploadStorage(**options(s3_endpoint, bucket_name="no-such-bucket"))
    with translation.override("de"), pytest.raises(UploadFailed) as refused:
        storage.save("rooms/photo.png", ContentFile(b"x"))
    assert refused.value.message == (
        "Die Datei konnte nicht gespeichert werden, weil der Dateispeicher sie nicht angenommen hat. Es wurde "
        "nichts gespeichert. Bitte versuchen Sie es später noch einmal oder wenden Sie sich an das Lab-Team."
    )
    assert "Upload not stored in the object storage (NoSuchBucket" in caplog.text


def test_an_unreachable_store_is_a_clear_message_for_uploads_and_an_os_error_for_reads(caplog):
    storage = S3UploadStorage(**options(f"http://127.0.0.1:{free_port()}"))
    storage.connection.meta.client.meta.config.retries = {"max_attempts": 1}
    with translation.override("en"), pytest.raises(UploadFailed, match="the file storage did not accept it"):
        storage.save("rooms/photo.png", ContentFile(b"x"))
    for read in (lambda: storage.open("rooms/photo.png"), lambda: storage.exists("rooms/photo.png")):
        with pytest.raises(ObjectStorageError):
            read()
    with pytest.raises(ObjectStorageError):
        storage.health_check()
    with pytest.raises(OSError):  # views that serve files catch OSError: a fault of the store is no 500
        storage.delete("rooms/photo.png")


def test_a_missing_file_is_file_not_found(on_s3):
    with pytest.raises(FileNotFoundError):
        default_storage.open("results/gone.pdf", "rb")


def test_files_stored_in_a_block_that_fails_are_removed_from_the_bucket(on_s3):
    with pytest.raises(RuntimeError), uploads_undone_on_error():
        default_storage.save("results/a.pdf", ContentFile(b"a"))
        default_storage.save("results/b.pdf", ContentFile(b"b"))
        raise RuntimeError("the row could not be saved")
    assert objects(on_s3) == []


def test_the_readiness_check_asks_the_store(on_s3, client, caplog):
    assert json.loads(client.get("/health/ready/").content)["checks"]["storage"]["ok"] is True
    on_s3.delete_bucket(Bucket=BUCKET)
    on_s3.create_bucket(Bucket="elsewhere", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    with caplog.at_level(logging.WARNING, logger="kosilab.core.health"):
        response = client.get("/health/ready/")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["storage"]["ok"] is False
    on_s3.delete_bucket(Bucket="elsewhere")
    on_s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})


def test_a_room_photo_goes_through_the_app_to_the_bucket_and_back(on_s3, client, lab, manager):
    """Upload through the form, the image's address on the room page, the image through /media/."""
    client.force_login(manager)
    response = client.post(f"/rooms/lab/{lab.slug}/new/", room_form_data())
    assert response.status_code == 302
    room = Room.objects.get()
    assert objects(on_s3) == [room.photo.name]
    page = client.get(f"/rooms/{room.pk}/").content.decode()
    assert f'src="/media/{room.photo.name}"' in page
    client.logout()
    image = client.get(f"/media/{room.photo.name}")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"  # photos are re-encoded on upload (core/uploads.py)
    assert image["Cache-Control"] == "private, max-age=3600"
    assert b"".join(image.streaming_content) == on_s3.get_object(Bucket=BUCKET, Key=room.photo.name)["Body"].read()


def test_a_result_file_is_served_only_through_its_checked_view(on_s3, client, lab, manager):
    from kosilab.core.tests.factories import ProcessFactory
    from kosilab.results.models import Result
    from kosilab.results.services import result_file_add

    result = Result.objects.create(
        process=ProcessFactory(lab=lab), lab=lab, kind="decision", title="Draft", visibility="draft"
    )
    attached = result_file_add(result=result, by=None, file=SimpleUploadedFile("Beschluss.pdf", b"%PDF-1.4 x"))
    assert objects(on_s3) == [attached.file.name]
    assert client.get(f"/media/{attached.file.name}").status_code == 404  # not a public folder
    assert client.get(f"/results/files/{attached.pk}/download/").status_code == 404  # a draft
    client.force_login(manager)
    download = client.get(f"/results/files/{attached.pk}/download/")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 x"


def test_an_image_is_served_only_to_whoever_may_see_its_row(client, lab):
    """Local folder (the default) and bucket alike: /media/ asks the row that names the file."""
    from kosilab.challenges.models import ChallengeStatus
    from kosilab.cocreation.tests.factories import idea, open_challenge

    shown = idea(open_challenge(lab), image=png_upload("river.png", "blue"))
    hidden_place = open_challenge(lab)
    hidden = idea(hidden_place, image=png_upload("draft.png", "red"))
    hidden_place.status = ChallengeStatus.DRAFT
    hidden_place.save(update_fields=["status"])
    response = client.get(f"/media/{shown.image.name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # read to the end, which closes the file
    assert client.get(f"/media/{hidden.image.name}").status_code == 404
    for name in ("rooms/none.png", "ideas/../results/x.pdf", "private/x.png", "rooms/a\\b.png"):
        assert client.get(f"/media/{name}").status_code == 404, name


def test_only_reading_is_allowed_at_media(client):
    assert client.post("/media/rooms/x.png").status_code == 405


def test_stream_of_a_large_file_reads_the_whole_object(on_s3):
    content = bytes(range(256)) * 40_000  # 10 MB, more than one part of a multipart upload
    name = default_storage.save("results/big.bin", io.BytesIO(content))
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == content
