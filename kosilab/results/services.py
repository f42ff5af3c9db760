"""Writes of results. Views authorise, then call these; each write is logged."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kosilab.accounts.types import Viewer, account
from kosilab.core.audit import log_action
from kosilab.core.content_languages import translation_field_names
from kosilab.core.errors import DomainError
from kosilab.core.storage import uploads_undone_on_error
from kosilab.processes.models import Process, ProcessPhase
from kosilab.results.models import CANVAS_FIELDS, CANVAS_TEXT_MAX, Result, ResultFile, ResultVisibility

RESULT_FIELDS = ("kind", "title", "summary", "phase", "visibility")


def _set_translations(result: Result, translations: dict[str, str | None]) -> list[str]:
    """Write the translations (``title_en``…; empty or None removes one); returns those that changed.
    A name that is no translation of a result is refused like an unknown keyword."""
    unknown = set(translations) - set(translation_field_names(Result))
    if unknown:
        raise TypeError(f"Not a translation of a result: {', '.join(sorted(unknown))}")
    changed = []
    for name, value in translations.items():
        text = (value or "").strip() or None
        if getattr(result, name) != text:
            setattr(result, name, text)
            changed.append(name)
    return changed


def canvas_clean(*, kind: str, data: dict[str, Any]) -> dict[str, str]:
    """The canvas of a result of this kind: only its own fields, each a text of at most 2000 characters."""
    fields = CANVAS_FIELDS.get(kind)
    if fields is None:
        if data:
            raise DomainError(_("Only a Business Model Canvas or a Theory of Change has a canvas."))
        return {}
    keys = {key for key, _label, _help in fields}
    unknown = set(data) - keys
    if unknown:
        raise DomainError(
            _("The canvas has fields it does not know: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    cleaned = {}
    for key in keys:
        value = data.get(key) or ""
        if not isinstance(value, str):
            raise DomainError(_("Each field of the canvas is a text."), field=key)
        value = value.strip()
        if len(value) > CANVAS_TEXT_MAX:
            raise DomainError(
                _("Each field of the canvas can be at most %(max)s characters long.") % {"max": CANVAS_TEXT_MAX},
                field=key,
            )
        if value:
            cleaned[key] = value
    return cleaned


def _check_phase(process: Process, phase: ProcessPhase | None) -> None:
    if phase is not None and phase.process_id != process.pk:
        raise DomainError(_("Choose a phase of this process."), field="phase")


@transaction.atomic
def result_create(
    *,
    process: Process,
    by: Viewer | None,
    kind: str,
    title: str,
    summary: str = "",
    phase: ProcessPhase | None = None,
    visibility: str = ResultVisibility.DRAFT,
    canvas: dict[str, Any] | None = None,
    **translations: str | None,
) -> Result:
    """Record a result; ``translations`` are its title and summary in further languages (``title_en``)."""
    _check_phase(process, phase)
    result = Result(
        process=process,
        lab_id=process.lab_id,
        phase=phase,
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        visibility=visibility,
        canvas=canvas_clean(kind=kind, data=canvas or {}),
        created_by=account(by),
    )
    _set_translations(result, translations)
    result.full_clean()
    result.save()
    log_action("results.result_created", actor=by, target=result, data={"process": process.pk, "kind": kind})
    return result


@transaction.atomic
def result_update(
    *,
    result: Result,
    by: Viewer | None,
    kind: str,
    title: str,
    summary: str = "",
    phase: ProcessPhase | None = None,
    visibility: str = ResultVisibility.DRAFT,
    **translations: str | None,
) -> Result:
    """Change the result's own fields and the translations given (``title_en``; None removes one).
    A canvas kept from another kind is dropped when the kind changes."""
    _check_phase(result.process, phase)
    if kind != result.kind:
        keys = {key for key, _label, _help in CANVAS_FIELDS.get(kind, [])}
        result.canvas = {key: value for key, value in result.canvas.items() if key in keys}
    result.kind, result.title, result.summary = kind, title.strip(), summary.strip()
    result.phase, result.visibility = phase, visibility
    translated = _set_translations(result, translations)
    result.full_clean()
    result.save()
    data: dict[str, Any] = {"visibility": visibility, "kind": kind}
    if translated:
        data["translations"] = translated
    log_action("results.result_updated", actor=by, target=result, data=data)
    return result


@transaction.atomic
def result_canvas_set(*, result: Result, by: Viewer | None, canvas: dict[str, Any]) -> Result:
    if result.kind not in CANVAS_FIELDS:
        raise DomainError(_("Only a Business Model Canvas or a Theory of Change has a canvas."))
    result.canvas = canvas_clean(kind=result.kind, data=canvas)
    result.save(update_fields=["canvas", "updated_at"])
    log_action("results.canvas_saved", actor=by, target=result, data={"fields": sorted(result.canvas)})
    return result


@transaction.atomic
def result_delete(*, result: Result, by: Viewer | None) -> None:
    """Delete the result, its files (also from storage, after commit) and its handovers."""
    files = [f.file for f in result.files.all()]
    log_action("results.result_deleted", actor=by, target=result, data={"title": result.title})
    result.delete()
    transaction.on_commit(lambda: _delete_stored(files), robust=True)


@uploads_undone_on_error(field="file")
@transaction.atomic
def result_file_add(*, result: Result, by: Viewer | None, file: Any, description: str = "") -> ResultFile:
    """Attach a file that kosilab.core.uploads.clean_document has checked (the form does that)."""
    if result.files.count() >= 100:
        raise DomainError(_("A result can have at most 100 files."), field="file")
    original = str(getattr(file, "name", "") or "file").replace("/", "_").replace("\\", "_")[:255]
    attached = ResultFile(
        result=result,
        original_name=original,
        description=description.strip(),
        size=file.size,
        content_type=getattr(file, "content_type", "") or "application/octet-stream",
        uploaded_by=account(by),
    )
    attached.file.save(original, file, save=False)
    attached.save()
    log_action("results.file_added", actor=by, target=result, data={"file": attached.pk, "name": original})
    return attached


@transaction.atomic
def result_file_remove(*, attached: ResultFile, by: Viewer | None) -> None:
    stored = attached.file
    log_action("results.file_removed", actor=by, target=attached.result, data={"name": attached.original_name})
    attached.delete()
    transaction.on_commit(lambda: _delete_stored([stored]), robust=True)


def _delete_stored(files: list[Any]) -> None:
    """Remove stored files once the rows that named them are gone (after commit)."""
    for stored in files:
        if stored.name:
            stored.storage.delete(stored.name)
