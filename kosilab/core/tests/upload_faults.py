"""Faults of the upload folder for tests: a disk that fills up in the middle of a file, a folder the
server may not write to, and a look at what is left in MEDIA_ROOT afterwards.

The faults act on the operating system calls Django's FileSystemStorage makes (``os.fdopen`` and
``os.write`` for writing, ``os.open`` for creating), and only for files inside MEDIA_ROOT, so that
everything else the request does (templates, sessions, the database) works as usual.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PARTIAL_BYTES = 10


def png_upload(name: str, colour: str) -> SimpleUploadedFile:
    """A small PNG image as a browser uploads it."""
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def media_files() -> list[str]:
    """Every file below MEDIA_ROOT (relative paths, sorted); folders do not count."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if not path.is_dir())


def _in_media(path: str | os.PathLike[str]) -> bool:
    root = os.path.realpath(settings.MEDIA_ROOT)
    return os.path.realpath(path).startswith(root + os.sep)


def _fd_in_media(fd: int) -> bool:
    try:
        return _in_media(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return False


class _FillingFile:
    """A file object that writes ``room`` bytes and then fails as a full disk does."""

    def __init__(self, file: Any, room: int, error: int) -> None:
        self._file, self._room, self._error = file, room, error
        self.written = 0

    def write(self, data: Any) -> int:
        if self.written + len(data) > self._room:
            part = data[: max(self._room - self.written, 0)]
            self._file.write(part)
            self._file.flush()
            self.written += len(part)
            raise OSError(self._error, os.strerror(self._error))
        self.written += len(data)
        return int(self._file.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


@contextlib.contextmanager
def disk_fills_up(*, room: int = PARTIAL_BYTES, error: int = errno.ENOSPC) -> Iterator[list[str]]:
    """Files written into MEDIA_ROOT get ``room`` bytes, then the write fails with ``error``.

    Covers both ways Django writes an upload: streaming it (``os.fdopen``) and copying a temporary
    upload file over from another file system (``os.rename`` fails with EXDEV, then ``os.write``).
    Yields the paths of the files a write failed on; each held a partial file when it failed.
    """
    real_fdopen, real_write, real_rename = os.fdopen, os.write, os.rename
    failed: list[str] = []
    written: dict[int, int] = {}

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        file = real_fdopen(fd, *args, **kwargs)
        if not _fd_in_media(fd):
            return file
        path = os.readlink(f"/proc/self/fd/{fd}")
        filling = _FillingFile(file, room, error)
        original_write = filling.write

        def write(data: Any) -> int:
            try:
                return original_write(data)
            except OSError:
                assert os.path.getsize(path) == filling.written > 0  # a partial file is on the disk
                failed.append(path)
                raise

        filling.write = write  # type: ignore[method-assign]
        return filling

    def write(fd: int, data: Any) -> int:
        if not _fd_in_media(fd):
            return real_write(fd, data)
        done = written.get(fd, 0)
        if done + len(data) > room:
            real_write(fd, data[: max(room - done, 0)])
            path = os.readlink(f"/proc/self/fd/{fd}")
            assert os.path.getsize(path) > 0  # a partial file is on the disk
            failed.append(path)
            raise OSError(error, os.strerror(error))
        written[fd] = done + len(data)
        return real_write(fd, data)

    def rename(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if _in_media(target):
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        real_rename(source, target, *args, **kwargs)

    with (
        mock.patch.object(os, "fdopen", fdopen),
        mock.patch.object(os, "write", write),
        mock.patch.object(os, "rename", rename),
    ):
        yield failed


@contextlib.contextmanager
def folder_not_writable(*, error: int = errno.EACCES) -> Iterator[None]:
    """Creating a file in MEDIA_ROOT fails with ``error`` (as root, chmod would not stop the write)."""
    real_open = os.open

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and _in_media(path):
            raise OSError(error, os.strerror(error), str(path))
        return int(real_open(path, flags, *args, **kwargs))

    with mock.patch.object(os, "open", open_):
        yield


def media_root_beneath_a_file(settings: Any, tmp_path: Path) -> Path:
    """Point MEDIA_ROOT below a regular file: making its folders fails for real (ENOTDIR)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the upload folder should be")
    settings.MEDIA_ROOT = blocker / "media"
    return blocker


# What the visitor reads (English; kosilab.core.storage.upload_failed).
NO_SPACE = (
    "The file could not be stored: the server has no space left. Nothing was saved. "
    "Please try again later or tell the lab team."
)
NOT_WRITABLE = (
    "The file could not be stored: the server may not write to its upload folder. Nothing was saved. "
    "Please tell the lab team."
)
FAULT = (
    "The file could not be stored because of a fault on the server. Nothing was saved. "
    "Please try again later or tell the lab team."
)

# The faults every upload page is tried with: (id, expected message).
FAULTS = [
    pytest.param("disk-full", NO_SPACE, id="disk-full"),
    pytest.param("folder-not-writable", NOT_WRITABLE, id="folder-not-writable"),
    pytest.param("folder-beneath-a-file", NOT_WRITABLE, id="folder-beneath-a-file"),
]


@contextlib.contextmanager
def upload_fault(kind: str, settings: Any, tmp_path: Path) -> Iterator[None]:
    """One of FAULTS for the duration of the block; afterwards MEDIA_ROOT is the test's media folder again."""
    if kind == "disk-full":
        with disk_fills_up() as failed:
            yield
        assert failed, "the page never wrote into the upload folder"
    elif kind == "folder-not-writable":
        with folder_not_writable():
            yield
    elif kind == "folder-beneath-a-file":
        media_root = settings.MEDIA_ROOT
        blocker = media_root_beneath_a_file(settings, tmp_path)
        try:
            yield
        finally:
            settings.MEDIA_ROOT = media_root
        assert blocker.read_text() == "a file where the upload folder should be"
    else:
        raise ValueError(kind)


@contextlib.contextmanager
def database_refuses(statement: str) -> Iterator[None]:
    """Statements starting with ``statement`` (e.g. 'INSERT INTO "rooms_room"') fail as if the database
    went away; by then Django has stored the row's files (pre_save runs while the SQL is built)."""
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    real_execute = CursorWrapper.execute

    def execute(self: CursorWrapper, sql: str, params: Any = None) -> Any:
        if sql.lstrip().upper().startswith(statement.upper()):
            raise OperationalError("server closed the connection unexpectedly")
        return real_execute(self, sql, params)

    with mock.patch.object(CursorWrapper, "execute", execute):
        yield
