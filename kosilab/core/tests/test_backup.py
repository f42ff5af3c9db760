"""Backups and their restore (kosilab/core/backup.py, deploy/verify-backup.sh), for real: the database
of the test run is dumped (pg_dump on PostgreSQL, SQLite's online backup), the files are read from the
upload folder or from an S3 bucket, and the script restores all of it into a scratch database and
folder and compares every table and every file."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from kosilab.core.tests.s3 import objects
from kosilab.core.tests.upload_faults import png_upload

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only

SCRIPT = Path(settings.BASE_DIR) / "deploy" / "verify-backup.sh"


def _installation(lab) -> dict[str, str]:
    """Rows and files as a lab leaves them: a room with a photo, a result with a file."""
    from kosilab.core.tests.factories import ProcessFactory
    from kosilab.results.models import Result
    from kosilab.results.services import result_file_add
    from kosilab.rooms.services import room_create

    room = room_create(
        lab=lab,
        by=None,
        name="Atelier Iğdır",
        capacity=12,
        location="Hof 2",
        photo=png_upload("room.png", "teal"),
        photo_description="x",
    )
    result = Result.objects.create(
        process=ProcessFactory(lab=lab), lab=lab, kind="decision", title="Beschluss", visibility="draft"
    )
    attached = result_file_add(result=result, by=None, file=SimpleUploadedFile("Beschluss.pdf", b"%PDF-1.4 x"))
    return {"photo": room.photo.name, "result": attached.file.name}


def _verify(folder: Path) -> subprocess.CompletedProcess[str]:
    environment = os.environ | {"KOSILAB_PYTHON": str(Path(settings.BASE_DIR) / ".venv" / "bin" / "python")}
    return subprocess.run(  # noqa: S603
        ["/bin/bash", str(SCRIPT), str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        env=environment,
        check=False,
    )


def test_a_backup_of_the_folder_restores_completely(lab, tmp_path):
    names = _installation(lab)
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["files"]) == set(names.values())
    assert manifest["rows"]["rooms_room"] == 1 and manifest["rows"]["labs_lab"] >= 1
    done = _verify(folder)
    assert done.returncode == 0, done.stderr
    assert f"{sum(manifest['rows'].values())} rows, 2 files" in done.stdout


def test_a_backup_of_the_bucket_restores_completely(lab, tmp_path, on_s3):
    names = _installation(lab)
    assert objects(on_s3) == sorted(names.values())
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    assert (folder / "files" / names["result"]).read_bytes() == b"%PDF-1.4 x"
    done = _verify(folder)  # into a scratch folder: a bucket's backup can be looked at without a bucket
    assert done.returncode == 0, done.stderr


def test_a_damaged_backup_fails_the_check(lab, tmp_path):
    names = _installation(lab)
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    (folder / "files" / names["result"]).write_bytes(b"%PDF-1.4 changed")
    done = _verify(folder)
    assert done.returncode != 0
    assert f"The backup's copy of {names['result']} does not match its checksum." in done.stderr


def test_the_installation_is_compared_with_its_backup(lab, tmp_path):
    _installation(lab)
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    call_command("restore", str(folder), "--verify")  # nothing changed since
    lab.rooms.all().delete()
    with pytest.raises(CommandError, match="table rooms_room: 0 rows, the backup has 1"):
        call_command("restore", str(folder), "--verify")


def test_a_restore_refuses_a_database_that_is_not_empty(lab, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(folder))


def test_a_backup_goes_into_a_folder_of_its_own(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(tmp_path))
    with pytest.raises(CommandError, match=r"holds no readable manifest\.json"):
        call_command("restore", str(tmp_path), "--verify")
