"""Writes of the research app: an export, built and recorded in the audit log (kosilab/research/export.py
says what it holds). The zip is handed to the requester at once and not stored on the platform."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils.translation import gettext as _

from kosilab.accounts.types import Viewer
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.labs.models import Lab
from kosilab.research.export import ExportFile, ExportOptions, build_export


def research_export_create(
    *,
    by: Viewer | None,
    lab: Lab | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    free_text: bool = False,
    stable_pseudonyms: bool = False,
    key: bytes | None = None,
) -> ExportFile:
    """Build the export of ``lab`` (None: every lab) and record who made it with which options.
    The caller has checked the permission (research/rules.py). ``key`` replaces the installation's
    key (tests)."""
    if start is not None and end is not None and end < start:
        raise DomainError(_("The end of the time window cannot lie before its start."), field="end")
    options = ExportOptions(lab=lab, start=start, end=end, free_text=free_text, stable_pseudonyms=stable_pseudonyms)
    export = build_export(options, key=key)
    log_action(
        "research.export_created",
        actor=by,
        target=lab,
        data={
            "scope": lab.slug if lab is not None else "all",
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            "free_text": free_text,
            "stable_pseudonyms": stable_pseudonyms,
            "rows": export.rows,
            "bytes": len(export.content),
            "sha256": hashlib.sha256(export.content).hexdigest(),
        },
    )
    return export
