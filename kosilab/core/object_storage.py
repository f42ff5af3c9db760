"""Uploads on S3-compatible object storage (AWS S3, MinIO, Ceph, Garage, a city's own cloud).

Chosen by setting ``KOSILAB_S3_BUCKET`` (README.md lists the other variables); without it the files
stay in the local folder (:class:`kosilab.core.storage.UploadStorage`). Several app servers then
share one store of files, and a server's local disk holds nothing that must be kept or backed up.

:class:`S3UploadStorage` is django-storages' ``S3Storage`` with the promises the local storage keeps
(``kosilab/core/storage.py``):

- a refused or broken upload (bucket missing, access denied, endpoint unreachable, quota) is an
  :class:`~kosilab.core.storage.UploadFailed` with a message in the visitor's language and a log
  line for the operators, never a 500; S3 shows an object only once its upload has completed, so
  there is no partial file to remove (an aborted multipart upload is cleared by the bucket's
  lifecycle rule, docs/operations.md);
- files stored inside ``uploads_undone_on_error`` are removed again if the write fails later;
- any other fault of the store (reading, deleting, asking whether a file exists) is an ``OSError``
  like a fault of the disk, so the views that serve files answer it as they answer a missing file;
- a name already taken gets another name, as on the disk, instead of replacing the other file;
- a file's address is on the platform (``MEDIA_URL``, served by ``kosilab.core.views.media``), not on
  the store: pages make no request to another host, and the store needs no public access;
- ``health_check()`` asks the store for the bucket, for the readiness endpoint (``/health/ready/``).

This module imports boto3, so only the settings name it, and only when the store is configured.
"""

from __future__ import annotations

import logging
from typing import Any

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from django.utils.translation import gettext as _
from storages.backends.s3 import S3Storage

from kosilab.core.storage import UploadFailed, remember_stored

logger = logging.getLogger(__name__)

STORE_ERRORS = (BotoCoreError, ClientError, Boto3Error)


class ObjectStorageError(OSError):
    """The object store did not answer as asked (unreachable, refused, failed)."""


def _describe(error: BaseException) -> str:
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        return f"{details.get('Code', '?')}: {details.get('Message', '')}"
    return f"{type(error).__name__}: {error}"


def _not_found(error: BaseException) -> bool:
    return isinstance(error, ClientError) and (
        error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404
        or error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}
    )


class S3UploadStorage(S3Storage):  # type: ignore[misc]  # django-storages has no type hints
    """S3Storage that answers a refused upload with UploadFailed and serves files through the app."""

    def get_default_settings(self) -> dict[str, Any]:
        defaults: dict[str, Any] = super().get_default_settings()
        # As on the disk: a second file of the same name gets a name of its own (S3's default
        # would replace the first file), and objects are private to the platform.
        defaults.update(file_overwrite=False, default_acl=None, querystring_auth=True)
        return defaults

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        try:
            # Finding a free name asks the store too (file_overwrite=False), before _save uploads.
            stored = str(super().save(name, content, max_length=max_length))
        except (ObjectStorageError, *STORE_ERRORS) as error:
            cause = error.__cause__ if isinstance(error, ObjectStorageError) and error.__cause__ else error
            logger.error("Upload not stored in the object storage (%s); nothing was written.", _describe(cause))
            raise UploadFailed(
                _(
                    "The file could not be stored because the file storage did not accept it. Nothing was "
                    "saved. Please try again later or tell the lab team."
                )
            ) from error
        remember_stored(self, stored)
        return stored

    def _open(self, name: str, mode: str = "rb") -> Any:
        try:
            return super()._open(name, mode)
        except FileNotFoundError:
            raise
        except STORE_ERRORS as error:
            if _not_found(error):
                raise FileNotFoundError(f"File does not exist: {name}") from error
            raise ObjectStorageError(f"The object storage could not open {name}: {_describe(error)}") from error

    def exists(self, name: str) -> bool:
        try:
            return bool(super().exists(name))
        except STORE_ERRORS as error:
            raise ObjectStorageError(f"The object storage could not look for {name}: {_describe(error)}") from error

    def delete(self, name: str) -> None:
        try:
            super().delete(name)
        except STORE_ERRORS as error:
            raise ObjectStorageError(f"The object storage could not delete {name}: {_describe(error)}") from error

    def size(self, name: str) -> int:
        try:
            return int(super().size(name))
        except FileNotFoundError:
            raise
        except STORE_ERRORS as error:
            raise ObjectStorageError(f"The object storage could not measure {name}: {_describe(error)}") from error

    def url(self, name: str, parameters: Any = None, expire: Any = None, http_method: Any = None) -> str:
        """The file's address on the platform (kosilab.core.views.media), never the store's own."""
        return f"{settings.MEDIA_URL}{filepath_to_uri(name)}"

    def health_check(self) -> None:
        """One round trip: the bucket exists and these credentials may use it."""
        try:
            self.connection.meta.client.head_bucket(Bucket=self.bucket_name)
        except STORE_ERRORS as error:
            raise ObjectStorageError(f"No answer for the bucket: {_describe(error)}") from error
