"""Writes of the research app: asking for an export, building it (a background task), letting
old ones expire. What an export holds: kosilab/research/export.py.

The person's request is recorded at once (``research.export_requested``, with the options) and the
build is queued after the commit; the build records ``research.export_created`` with the rows per
table, the size and the SHA-256 of the zip (never a name). A build runs once: the task claims the
row by a conditional update from "waiting" to "being built".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kosilab.accounts.types import User
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.labs.models import Lab
from kosilab.research.export import ExportOptions, build_export
from kosilab.research.models import DOWNLOAD_DAYS, ExportStatus, ResearchExport

logger = logging.getLogger(__name__)

FOLDER = "research-exports"


def research_export_request(
    *,
    by: User,
    lab: Lab | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    free_text: bool = False,
    stable_pseudonyms: bool = False,
) -> ResearchExport:
    """Ask for an export of ``lab`` (None: every lab); it is built in the background. The caller
    has checked the permission (research/rules.py)."""
    if start is not None and end is not None and end < start:
        raise DomainError(_("The end of the time window cannot lie before its start."), field="end")
    with transaction.atomic():
        export = ResearchExport(
            requested_by=by, lab=lab, start=start, end=end, free_text=free_text, stable_pseudonyms=stable_pseudonyms
        )
        export.full_clean()
        export.save()
        log_action(
            "research.export_requested",
            actor=by,
            target=export,
            lab=lab,
            data={
                "scope": lab.slug if lab is not None else "all",
                "start": start.isoformat() if start else None,
                "end": end.isoformat() if end else None,
                "free_text": free_text,
                "stable_pseudonyms": stable_pseudonyms,
            },
        )
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    from kosilab.research.tasks import build_research_export

    try:
        build_research_export.enqueue(export_id=export_id)
    except Exception:  # the queue is unreachable: recorded as failed, not left waiting forever
        logger.exception("Could not queue the research export %s.", export_id)
        ResearchExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )


def research_export_run(*, export_id: int, key: bytes | None = None) -> ResearchExport | None:
    """Build a waiting export (None if it is not waiting: it ran already). ``key`` replaces the
    installation's key (tests). A failure is recorded on the row, never raised. Files of expired
    exports are deleted on the way (:func:`research_exports_expire`)."""
    research_exports_expire()
    claimed = ResearchExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING
    )
    if not claimed:
        return None
    export = ResearchExport.objects.select_related("lab", "requested_by").get(pk=export_id)
    options = ExportOptions(
        lab=export.lab,
        start=export.start,
        end=export.end,
        free_text=export.free_text,
        stable_pseudonyms=export.stable_pseudonyms,
    )
    try:
        # The codebook in the language of the person who asked for it.
        with translation.override(export.requested_by.language or settings.LANGUAGE_CODE):
            built = build_export(options, key=key)
        name = default_storage.save(f"{FOLDER}/{secrets.token_urlsafe(16)}.zip", ContentFile(built.content))
    except Exception:
        logger.exception("The research export %s failed.", export_id)
        ResearchExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED, finished_at=timezone.now())
        export.refresh_from_db()
        return export
    with transaction.atomic():
        export.status = ExportStatus.READY
        export.finished_at = timezone.now()
        export.stored_file = name
        export.download_filename = built.filename
        export.size = len(built.content)
        export.sha256 = hashlib.sha256(built.content).hexdigest()
        export.row_counts = built.rows
        export.save()
        log_action(
            "research.export_created",
            actor=export.requested_by,
            target=export,
            lab=export.lab,
            data={"rows": built.rows, "bytes": export.size, "sha256": export.sha256},
        )
    return export


def research_exports_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the files of exports finished more than ``DOWNLOAD_DAYS`` ago; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=DOWNLOAD_DAYS)
    old = ResearchExport.objects.filter(status=ExportStatus.READY, finished_at__lt=cutoff)
    expired = 0
    for pk, name in list(old.values_list("pk", "stored_file")):
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("Could not remove the research export file %s.", name)
            continue
        expired += ResearchExport.objects.filter(pk=pk, status=ExportStatus.READY).update(
            status=ExportStatus.EXPIRED, stored_file=""
        )
    return expired
