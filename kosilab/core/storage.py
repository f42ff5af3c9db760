"""Storing uploaded files: a full disk or an unwritable folder is a clear message, never a half file.

Three parts, used together by every upload of the platform (room photos, idea images, result files):

``UploadStorage`` (the ``default`` storage in ``config/settings.py``)
    Django's ``FileSystemStorage``, except when the operating system refuses the write (disk full,
    quota, folder not writable, read-only file system, input/output error): it removes what it had
    written of the file, logs the fault for the operators and raises :class:`UploadFailed` with a
    message in the visitor's language. Django's own storage leaves the partial file behind and the
    error becomes a 500.

``uploads_undone_on_error(field=...)`` (decorator or ``with`` block, around a service's transaction)
    Files stored inside the block are deleted again if the block raises, e.g. because the row that
    names them could not be saved, so that no file is left that no row points to. The database rolls
    back its part; this rolls back the files. It belongs around the *outermost* transaction of the
    write (the service), since Django has no hook for a rollback that happens later. An
    :class:`UploadFailed` raised inside gets ``field`` so that the form shows it at the file field.

``delete_after_commit(storage, name)``
    For a file that a row stops naming (replaced, cleared, deleted): it goes once that is committed.

``UploadFailedMiddleware``
    The backstop for writes that do not go through a form (the admin): an :class:`UploadFailed` that
    escapes a view becomes a 503 page with the message, not a 500.

Object storage (``kosilab/core/object_storage.py``, chosen by ``KOSILAB_S3_BUCKET``) keeps the same
promises with the same two hooks: its ``save`` maps the store's errors to :class:`UploadFailed` and
calls ``remember_stored``, so ``uploads_undone_on_error`` works unchanged (it deletes through
``storage.delete``).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kosilab.core.errors import DomainError

logger = logging.getLogger(__name__)

NO_SPACE = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG})
NOT_WRITABLE = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST, errno.EISDIR})

# The files stored inside the innermost uploads_undone_on_error block, as (storage, name).
_stored: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("kosilab_uploads_stored", default=None)
# The names FileSystemStorage._save tried for the file it is writing; the last one is the file it opened.
_tried: ContextVar[list[str] | None] = ContextVar("kosilab_uploads_tried", default=None)


class UploadFailed(DomainError):
    """The server could not store an uploaded file; nothing was saved."""


def upload_failed(error: OSError, *, field: str | None = None) -> UploadFailed:
    """The message for the visitor that fits what the operating system answered."""
    if error.errno in NO_SPACE:
        message = _(
            "The file could not be stored: the server has no space left. Nothing was saved. "
            "Please try again later or tell the lab team."
        )
    elif error.errno in NOT_WRITABLE or isinstance(error, FileExistsError | NotADirectoryError | PermissionError):
        message = _(
            "The file could not be stored: the server may not write to its upload folder. Nothing was saved. "
            "Please tell the lab team."
        )
    else:
        message = _(
            "The file could not be stored because of a fault on the server. Nothing was saved. "
            "Please try again later or tell the lab team."
        )
    return UploadFailed(message, field=field)


def remember_stored(storage: Storage, name: str) -> None:
    stored = _stored.get()
    if stored is not None:
        stored.append((storage, name))


def _remove_quietly(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:  # the operators learn of it from the log; the visitor's message stays the first one
        logger.exception("Could not remove the stored file %s after a failed write.", name)


class UploadStorage(FileSystemStorage):
    """FileSystemStorage that leaves no partial file and answers a refused write with UploadFailed."""

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        available = super().get_available_name(name, max_length=max_length)
        tried = _tried.get()
        if tried is not None:  # _save looks for another name: the previous one was taken, not ours
            tried.append(available)
        return available

    def _save(self, name: str, content: Any) -> str:
        tried = [name]
        token = _tried.set(tried)
        try:
            return str(super()._save(name, content))  # type: ignore[misc]  # not in django-stubs
        except OSError as error:
            # Django opens the file with O_CREAT | O_EXCL and only moves on to another name when that
            # name exists already. So the last name tried either is a file this call created (the
            # write, chmod or chown failed after opening it), or does not exist (the folder could not
            # be made, or opening failed): whatever is there now is ours and incomplete.
            partial = self.path(tried[-1])
            if os.path.lexists(partial) and not os.path.isdir(partial):
                try:
                    os.remove(partial)
                except OSError:
                    logger.exception("Could not remove the partial upload %s.", partial)
            logger.error(
                "Upload not stored (%s: %s); %s removed.",
                errno.errorcode.get(error.errno or 0, error.errno),
                error.strerror or error,
                tried[-1],
            )
            raise upload_failed(error) from error
        finally:
            _tried.reset(token)

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        stored = str(super().save(name, content, max_length=max_length))
        remember_stored(self, stored)
        return stored


@contextlib.contextmanager
def uploads_undone_on_error(*, field: str | None = None) -> Iterator[None]:
    """Delete the files stored inside this block if it raises; see the module's docstring."""
    stored: list[tuple[Storage, str]] = []
    token = _stored.set(stored)
    try:
        yield
    except BaseException as error:
        for storage, name in stored:
            _remove_quietly(storage, name)
        stored.clear()
        if isinstance(error, UploadFailed) and error.field is None:
            error.field = field
        raise
    finally:
        _stored.reset(token)
        outer = _stored.get()
        if outer is not None:  # an enclosing block undoes them too, should it fail later
            outer.extend(stored)


def delete_after_commit(storage: Storage, name: str | None) -> None:
    """Remove a stored file once the transaction that stops naming it has committed (not before: a
    rollback would leave the row naming a missing file)."""
    if name:
        transaction.on_commit(lambda: _remove_quietly(storage, name), robust=True)


class UploadFailedMiddleware:
    """An UploadFailed that no form caught (the admin): 503 with the message, not 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UploadFailed):
            return None
        response = render(request, "upload_failed.html", {"message": exception.message}, status=503)
        response["Retry-After"] = "300"
        response["Cache-Control"] = "no-store"
        return response
