"""Backups of an installation and their restore (``manage.py backup`` / ``restore``; docs/deployment.md).

A backup is a folder:

``database.dump`` or ``database.sqlite3``
    PostgreSQL: ``pg_dump --format=custom`` (restored with ``pg_restore`` into an empty database).
    SQLite: a consistent copy by SQLite's online backup, taken while the app keeps running.
``files/``
    Every file of the default storage (the upload folder or the S3 bucket) under its stored name,
    read through the storage itself: the same command backs up a folder and a bucket, and restores
    into either (a backup of a bucket can be restored into a folder to look at it, and back).
``manifest.json``
    When, which database, the number of rows of every table, and each file's size and SHA-256.
    ``restore --verify`` compares a restored installation with it.

Bucket versioning or replication is no substitute: it copies a deletion as faithfully as a file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
FILES = "files"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup could not be taken or restored, or a restore does not match its backup."""


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in ``storage``, folder by folder."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # an upload folder not made yet: nothing was ever uploaded
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _sha256(handle: Any) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    """Rows of every table the apps own (many-to-many tables included), by table name."""
    return {
        model._meta.db_table: model._base_manager.count()
        for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.db_table)
        if model._meta.managed and not model._meta.proxy
    }


def _database_settings() -> dict[str, Any]:
    return dict(connection.settings_dict)


def _postgres_url() -> str:
    from urllib.parse import quote

    settings = _database_settings()
    credentials = quote(settings["USER"] or "")
    if settings.get("PASSWORD"):
        credentials += ":" + quote(settings["PASSWORD"])
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgresql://{credentials}@{settings['HOST'] or 'localhost'}{port}/{quote(settings['NAME'])}"


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=3600)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")


def take(destination: Path) -> dict[str, Any]:
    """Write a backup of the database and of every stored file into ``destination`` (made if missing)."""
    destination.mkdir(parents=True, exist_ok=True)
    if any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: a backup goes into a folder of its own.")
    vendor = connection.vendor
    if vendor == "postgresql":
        _run([shutil.which("pg_dump") or "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              f"--file={destination / POSTGRES_DUMP}", _postgres_url()])  # fmt: skip
    elif vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(destination / SQLITE_COPY) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        raise BackupError(f"No backup for the database {vendor}.")
    files: dict[str, dict[str, Any]] = {}
    for name in stored_names(default_storage):
        target = destination / FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        with target.open("rb") as written:
            files[name] = {"size": target.stat().st_size, "sha256": _sha256(written)}
    manifest = {
        "taken_at": timezone.now().isoformat(),
        "database": vendor,
        "rows": row_counts(),
        "files": files,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} holds no readable {MANIFEST}: {error}") from error
    return manifest


def restore(source: Path) -> dict[str, Any]:
    """Put the backup in ``source`` into the configured database (which must be empty) and storage."""
    manifest = read_manifest(source)
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(f"The backup is of {manifest['database']}, the database configured is {vendor}.")
    if connection.introspection.table_names():
        raise BackupError("The database is not empty: restore into a new, empty database.")
    if vendor == "postgresql":
        connection.close()  # pg_restore works alone in the database
        _run([shutil.which("pg_restore") or "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              f"--dbname={_postgres_url()}", str(source / POSTGRES_DUMP)])  # fmt: skip
    else:
        connection.ensure_connection()
        with sqlite3.connect(source / SQLITE_COPY) as copy:
            copy.backup(connection.connection)
        copy.close()
    for name, facts in manifest["files"].items():
        path = source / FILES / name
        with path.open("rb") as handle:
            if _sha256(handle) != facts["sha256"]:
                raise BackupError(f"The backup's copy of {name} does not match its checksum.")
        if default_storage.exists(name):
            default_storage.delete(name)
        with path.open("rb") as handle:
            stored = default_storage.save(name, File(handle, name=name))
        if stored != name:
            raise BackupError(f"{name} was stored as {stored}.")
    return manifest


def differences(manifest: dict[str, Any]) -> list[str]:
    """What the configured installation lacks or has otherwise than the backup ``manifest`` says."""
    found: list[str] = []
    rows = row_counts()
    for table, count in manifest["rows"].items():
        if rows.get(table) != count:
            found.append(f"table {table}: {rows.get(table)} rows, the backup has {count}")
    names = set(stored_names(default_storage))
    for name, facts in manifest["files"].items():
        if name not in names:
            found.append(f"file {name} is missing")
            continue
        with default_storage.open(name, "rb") as handle:
            if _sha256(handle) != facts["sha256"]:
                found.append(f"file {name} differs from the backup")
    return found
