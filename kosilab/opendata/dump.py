"""Writing the open data dump: a zip with one JSON file and one or more CSV tables per resource of the
public API, and ``datapackage.json`` (Frictionless Data Package v1) that describes them.

The zip is written to a temporary file, row by row: each resource's public queryset is read with
``.iterator(chunk_size=…)`` and every row is serialised, written and forgotten, so memory stays flat
whatever the amount of data. Publishing the file is the service's business (``services.py``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from rest_framework import serializers

from kosilab.core.exports import FORMULA_PREFIXES
from kosilab.core.types import AccountOrAnonymous
from kosilab.opendata.licenses import current_license
from kosilab.opendata.package import PARENT_PREFIX, all_tables, table_for

CHUNK_SIZE = 500
PACKAGE_NAME = "kosilab-open-data"
DATAPACKAGE = "datapackage.json"


class ResourceLike(Protocol):
    """What the dump needs of a resource of the public API (``kosilab.api.resources.Resource``)."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> Promise | str: ...
    @property
    def description(self) -> Promise | str: ...
    @property
    def serializer_class(self) -> type[serializers.Serializer[Any]]: ...
    @property
    def queryset(self) -> Callable[[AccountOrAnonymous], QuerySet[Any]]: ...


def api_resources() -> Sequence[ResourceLike]:
    """The resources of the public API, in its order."""
    from kosilab.api.resources import RESOURCES

    return RESOURCES


@dataclass
class Written:
    """What the build wrote: the temporary zip (the caller closes it), its size and checksum, the
    checksum of the data alone, the moment the data was read and the rows per table."""

    file: IO[bytes]
    size: int
    sha256: str
    content_hash: str
    data_date: dt.datetime
    row_counts: dict[str, int] = field(default_factory=dict)


def _file_hash(path: Path, content: Any) -> tuple[int, str]:
    """Size and SHA-256 of a file; its bytes also go into ``content``, the hash of all data files."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
            content.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def csv_cell(value: Any, kind: str) -> str:
    """A value as Frictionless reads it from CSV: empty for null, ``true``/``false``, JSON for lists and
    objects. Text that a spreadsheet would take for a formula gets a leading apostrophe, as in every
    export of the platform (``core/exports.py``); the JSON files have it unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    text = str(value)
    if kind in ("string", "any") and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _rows(resource: ResourceLike, viewer: AccountOrAnonymous) -> Iterator[dict[str, Any]]:
    serializer_class = resource.serializer_class
    for obj in resource.queryset(viewer).iterator(chunk_size=CHUNK_SIZE):
        yield dict(serializer_class(obj).data)


def _open(folder: Path, path: str) -> IO[str]:
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.open("w", encoding="utf-8", newline="")


def _write_resource(
    folder: Path, resource: ResourceLike, viewer: AccountOrAnonymous
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Write one resource's JSON file and CSV tables into ``folder``; return their Frictionless descriptors
    (without ``bytes`` and ``hash``, which are added when the files go into the zip) and row counts."""
    table = table_for(resource.name, resource.serializer_class)
    tables = all_tables(table)
    json_path = f"json/{resource.name}.json"
    counts = dict.fromkeys((t.name for t in tables), 0)
    with contextlib.ExitStack() as files:
        json_file = files.enter_context(_open(folder, json_path))
        csv_files = {t.name: files.enter_context(_open(folder, t.path)) for t in tables}
        writers = {t.name: csv.writer(csv_files[t.name], lineterminator="\r\n") for t in tables}
        for t in tables:
            writers[t.name].writerow(t.header)
        json_file.write("[")
        first = True
        for row in _rows(resource, viewer):
            json_file.write(("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder))
            first = False
            writers[table.name].writerow([csv_cell(c.value(row), c.type) for c in table.columns])
            counts[table.name] += 1
            parent = {PARENT_PREFIX + table.key: row.get(table.key)} if table.key else {}
            for child in table.children:
                for item in row.get(child.source) or []:
                    values = {**item, **parent}
                    writers[child.name].writerow([csv_cell(c.value(values), c.type) for c in child.columns])
                    counts[child.name] += 1
        json_file.write("\n]\n")
    descriptors: list[dict[str, Any]] = []
    descriptors.append(
        {
            "name": f"{resource.name}-json",
            "path": json_path,
            "title": gettext("%(title)s (JSON)") % {"title": resource.title},
            "description": str(resource.description),
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        }
    )
    for t in tables:
        descriptor: dict[str, Any] = {
            "name": t.name,
            "path": t.path,
            "profile": "tabular-data-resource",
            "title": str(resource.title)
            if t.parent is None
            else gettext("%(title)s: %(field)s") % {"title": resource.title, "field": t.source},
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": t.schema(),
        }
        if t.parent is None:
            descriptor["description"] = str(resource.description)
        descriptors.append(descriptor)
    return descriptors, counts


def datapackage(*, created: dt.datetime, resources: list[dict[str, Any]], site_url: str) -> dict[str, Any]:
    """The Frictionless Data Package descriptor (v1) of a dump."""
    licence = current_license()
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": PACKAGE_NAME,
        "title": gettext("KoSI-Lab: open data"),
        "description": gettext(
            "The public data of the labs on this KoSI-Lab platform: labs, public challenges, public lab processes "
            "with their phases, events, methods, public results and their handovers, indicators and the "
            "case-study labs. The same data as the public API."
        ),
        "created": created.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "version": created.astimezone(dt.UTC).strftime("%Y.%m.%d.%H%M%S"),
        "licenses": [{"name": licence.name, "path": licence.path, "title": licence.title}],
        "resources": resources,
    }
    if site_url:
        package["homepage"] = site_url.rstrip("/") + "/open-data/"
        package["sources"] = [{"title": gettext("Public API"), "path": site_url.rstrip("/") + "/api/v1/"}]
    return package


def dump_write(*, created: dt.datetime, site_url: str = "", resources: Iterable[ResourceLike] | None = None) -> Written:
    """Write the whole dump to a temporary file and return it (open, at its start) with its figures.

    ``created`` is the date of the data: the moment before the first row is read. Titles and descriptions
    are in the platform's default language (``LANGUAGE_CODE``), whoever runs the build. Raises what
    writing raises (OSError for a full disk); the temporary file is then gone."""
    with translation.override(settings.LANGUAGE_CODE):
        return _dump_write(created=created, site_url=site_url, resources=resources)


def _dump_write(*, created: dt.datetime, site_url: str, resources: Iterable[ResourceLike] | None) -> Written:
    target = tempfile.TemporaryFile(prefix="kosilab-open-data-", suffix=".zip")  # noqa: SIM115  (returned open)
    try:
        viewer = AnonymousUser()
        content = hashlib.sha256()
        described: list[dict[str, Any]] = []
        row_counts: dict[str, int] = {}
        with tempfile.TemporaryDirectory(prefix="kosilab-open-data-") as workdir:
            folder = Path(workdir)
            for resource in resources if resources is not None else api_resources():
                descriptors, counts = _write_resource(folder, resource, viewer)
                described.extend(descriptors)
                row_counts.update(counts)
            with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                for descriptor in described:
                    size, digest = _file_hash(folder / descriptor["path"], content)
                    descriptor["bytes"] = size
                    descriptor["hash"] = f"sha256:{digest}"
                    archive.write(folder / descriptor["path"], arcname=descriptor["path"])
                    (folder / descriptor["path"]).unlink()
                package = datapackage(created=created, resources=described, site_url=site_url)
                archive.writestr(DATAPACKAGE, json.dumps(package, ensure_ascii=False, indent=2) + "\n")
        size = target.tell()
        target.seek(0)
        whole = hashlib.sha256()
        for chunk in iter(lambda: target.read(1 << 20), b""):
            whole.update(chunk)
        target.seek(0)
    except BaseException:
        target.close()
        raise
    return Written(
        file=target,
        size=size,
        sha256=whole.hexdigest(),
        content_hash=content.hexdigest(),
        data_date=created,
        row_counts=row_counts,
    )
