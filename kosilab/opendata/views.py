"""The open data page, the download of the current dump and its descriptor, and the button with
which a platform admin asks for a new build."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_GET, require_POST, require_safe

from kosilab.accounts.types import logged_in
from kosilab.core.errors import DomainError
from kosilab.core.http import HtmxRequest
from kosilab.core.permissions import require_perm
from kosilab.opendata import selectors, services
from kosilab.opendata.catalogue import catalogue
from kosilab.opendata.dump import DATAPACKAGE
from kosilab.opendata.licenses import current_license
from kosilab.opendata.models import DumpBuild

DOWNLOAD_NAME = "kosilab-open-data.zip"
CHUNK = 1 << 16


@require_GET
def index(request: HtmxRequest) -> HttpResponse:
    """What is in the dump, its licence and date, and the download; for platform admins the builds."""
    current = selectors.current_dump()
    is_admin = request.user.has_perm("opendata.request_build")
    context = {
        "current": current,
        "checked": selectors.last_check(current),
        "license": current_license(),
        "tables": catalogue(),
        "download_name": DOWNLOAD_NAME,
        "may_request": is_admin,
        "builds": list(selectors.recent_builds()) if is_admin else [],
    }
    return render(request, "opendata/index.html", context)


def _current_file() -> tuple[DumpBuild, str]:
    current = selectors.current_dump()
    if current is None or not default_storage.exists(current.file_name):
        raise Http404
    return current, current.file_name


def _chunks(name: str) -> Iterator[bytes]:
    """The file's bytes; it is opened only when the first chunk is asked for, and closed after the last."""
    with default_storage.open(name, "rb") as file:
        yield from iter(lambda: file.read(CHUNK), b"")


def _etag(request: HtmxRequest) -> str | None:
    """The current dump's SHA-256: a client that has it gets 304 Not Modified."""
    current = selectors.current_dump()
    return current.sha256 if current is not None else None


@require_safe
@condition(etag_func=_etag)
def download(request: HtmxRequest) -> StreamingHttpResponse:
    """The current dump as a zip, under one name that does not change (the build is in its ETag)."""
    current, name = _current_file()
    response = StreamingHttpResponse(_chunks(name), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=DOWNLOAD_NAME)
    if current.size is not None:
        response["Content-Length"] = str(current.size)
    if current.finished_at:
        response["Last-Modified"] = http_date(current.finished_at.timestamp())
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
@condition(etag_func=_etag)
def descriptor(request: HtmxRequest) -> JsonResponse:
    """The current dump's datapackage.json, read from its zip (for tools that look at it first)."""
    _current, name = _current_file()
    with default_storage.open(name, "rb") as file, zipfile.ZipFile(file) as archive:
        package = json.loads(archive.read(DATAPACKAGE))
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_POST
def request_build(request: HtmxRequest) -> HttpResponse:
    """A platform admin asks for a new dump now; the page tells whether it was queued."""
    require_perm(request, "opendata.request_build", None)
    try:
        services.open_data_build_request(by=logged_in(request.user))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new build of the open data has been queued. Reload this page in a minute."))
    return redirect("opendata:index")
