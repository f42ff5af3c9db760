"""The legacy archive: what a lab hands on to a successor, as a ZIP file (docs/sustainability.md).

``archive_build(lab)`` writes it: ``manifest.json`` (format, version, lab, export time, counts),
one JSON file per kind (``methods``, ``processes``, ``results``, ``handovers``, ``playbook``,
``history``), a ``README.md`` that explains the format and an ``index.html`` to read it in a
browser. ``archive_read(data)`` checks an uploaded archive all-or-nothing (size, zip-bomb limits,
names, format version, the schema of every file, the references between them) and returns its
parsed content; ``services.legacy_import`` loads it into the successor lab.

What the archive holds is what the lab publishes, and no personal data beyond the names of
organisations: the lab's own methods; its public processes with their question, phases, milestones
and log (without authors); their public results (without files) and the handovers of those results
(who took them over is an organisation or an office; without who changed a status); the playbook's
progress, block statuses and ticked items (without notes, which are internal and may name people,
and without responsible persons); the lab's mandates, sponsors and funding with their decisions.
No e-mail address, no account, no contact person, no author.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kosilab.continuation.models import ContinuationForm, Handover, HandoverStatus, TakerKind
from kosilab.labs.models import Lab
from kosilab.methods.models import Difficulty, Method
from kosilab.methods.services import METHOD_FIELDS
from kosilab.playbook.content import BLOCK_BY_KEY, PHASES
from kosilab.playbook.models import BlockState, BlockStatus, ChecklistState
from kosilab.playbook.selectors import lab_progress
from kosilab.processes.models import LogEntry, Milestone, Process, ProcessStatus, ProcessVisibility
from kosilab.results.models import CANVAS_FIELDS, Result, ResultKind, ResultVisibility
from kosilab.sustainability.models import (
    CURRENCIES,
    Funding,
    Mandate,
    MandateKind,
    Outcome,
    RenewalDecision,
    Sponsor,
    SponsorRole,
)

FORMAT = "kosilab-legacy"
FORMAT_VERSION = 1
SUPPORTED_VERSIONS = frozenset({1})
KINDS = ("methods", "processes", "results", "handovers", "playbook", "history")
MANIFEST, README, INDEX = "manifest.json", "README.md", "index.html"
ALLOWED_NAMES = frozenset({MANIFEST, README, INDEX, *(f"{kind}.json" for kind in KINDS)})

MB = 1024 * 1024
MAX_ARCHIVE_BYTES = 10 * MB  # the uploaded file
MAX_ENTRY_BYTES = 10 * MB  # one file in it, unpacked
MAX_TOTAL_BYTES = 30 * MB  # all files, unpacked
MAX_RATIO = 100  # unpacked : packed, for entries over 64 KB
MAX_ITEMS = 5000  # entries of one list
MAX_ERRORS = 10  # reported at once


# --- Export ---------------------------------------------------------------------------------------


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value is not None else None


def _methods(lab: Lab) -> list[dict[str, Any]]:
    methods = Method.objects.filter(lab=lab).select_related("based_on").order_by("title_de", "title_en", "id")
    return [
        {
            "slug": method.slug,
            "adapted_from": method.based_on.slug if method.based_on else None,
            **{
                name: list(value) if isinstance(value := getattr(method, name), list) else value
                for name in METHOD_FIELDS
            },
        }
        for method in methods
    ]


def _public_processes(lab: Lab) -> list[Process]:
    return list(
        Process.objects.filter(lab=lab, visibility=ProcessVisibility.PUBLIC)
        .select_related("challenge", "current_phase")
        .prefetch_related(
            "phases",
            Prefetch("log_entries", queryset=LogEntry.objects.order_by("created_at", "id")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
        )
        .order_by("started_on", "id")
    )


def _processes(processes: list[Process]) -> list[dict[str, Any]]:
    rows = []
    for ref, process in enumerate(processes, start=1):
        challenge = process.challenge
        question = (
            {
                "title": challenge.title,
                "summary": challenge.summary,
                "context": challenge.context,
                "goals": challenge.goals,
            }
            if challenge is not None and challenge.status != "draft"
            else None
        )
        rows.append(
            {
                "ref": ref,
                "title": process.title,
                "summary": process.summary,
                "status": process.status,
                "started_on": _date(process.started_on),
                "question": question,
                "current_phase": process.current_phase.label if process.current_phase else None,
                "phases": [
                    {
                        "position": phase.position,
                        "key": phase.key,
                        "label": phase.label,
                        "started_at": _moment(phase.started_at),
                        "ended_at": _moment(phase.ended_at),
                    }
                    for phase in process.phases.all()
                ],
                "milestones": [
                    {"title": m.title, "due_on": _date(m.due_on), "done_on": _date(m.done_on)}
                    for m in process.milestones.all()
                ],
                "log": [{"at": _moment(entry.created_at), "text": entry.text} for entry in process.log_entries.all()],
            }
        )
    return rows


def _results(lab: Lab, process_refs: Mapping[int, int]) -> tuple[list[dict[str, Any]], dict[int, int]]:
    results = (
        Result.objects.filter(lab=lab, visibility=ResultVisibility.PUBLIC, process__visibility=ProcessVisibility.PUBLIC)
        .select_related("phase")
        .annotate(file_count=Count("files"))
        .order_by("created_at", "id")
    )
    rows, refs = [], {}
    for ref, result in enumerate(results, start=1):
        refs[result.pk] = ref
        canvas = {key: str(result.canvas.get(key, "")) for key, _label, _help in CANVAS_FIELDS.get(result.kind, [])}
        rows.append(
            {
                "ref": ref,
                "process_ref": process_refs[result.process_id],
                "title": result.title,
                "kind": result.kind,
                "summary": result.summary,
                "phase": result.phase.label if result.phase else None,
                "canvas": canvas,
                "created_on": _date(timezone.localdate(result.created_at)),
                "files_left_out": result.file_count,
            }
        )
    return rows, refs


def _handovers(result_refs: Mapping[int, int]) -> list[dict[str, Any]]:
    handovers = (
        Handover.objects.filter(result_id__in=list(result_refs))
        .select_related("taker_organisation")
        .prefetch_related("events", "followups")
        .order_by("result_id", "status_since", "id")
    )
    return [
        {
            "result_ref": result_refs[handover.result_id],
            "taker": handover.taker,
            "taker_kind": handover.taker_kind,
            "form": handover.form,
            "status": handover.status,
            "funding": handover.funding,
            "decision": handover.decision,
            "decision_on": _date(handover.decision_on),
            "commitments": handover.commitments,
            "ended_reason": handover.ended_reason,
            "history": [
                {"from": event.from_status, "to": event.to_status, "at": _moment(event.at), "note": event.note}
                for event in handover.events.all()
            ],
            "followups": [
                {"due_on": _date(f.due_on), "note": f.note, "done": f.done_at is not None}
                for f in handover.followups.all()
            ],
        }
        for handover in handovers
    ]


def _playbook(lab: Lab) -> dict[str, Any]:
    statuses = dict(BlockState.objects.filter(playbook__lab=lab).values_list("block_key", "status"))
    ticked = set(ChecklistState.objects.filter(playbook__lab=lab, done=True).values_list("item_key", flat=True))
    return {
        "phases": [
            {
                "key": row.phase.key,
                "title": str(row.phase.title),
                "percent": row.percent,
                "blocks_done": row.blocks_done,
                "blocks_total": row.blocks_total,
                "checklist_done": row.checklist_done,
                "checklist_total": row.checklist_total,
            }
            for row in lab_progress(lab)
        ],
        "blocks": [
            {"key": block.key, "status": statuses.get(block.key, BlockStatus.OPEN)}
            for phase in PHASES
            for block in phase.blocks
        ],
        "checklist_done": [item.key for phase in PHASES for item in phase.checklist if item.key in ticked],
    }


def _decisions(record: Mandate | Funding) -> list[dict[str, Any]]:
    return [
        {
            "decided_on": _date(d.decided_on),
            "decided_by": d.decided_by,
            "outcome": d.outcome,
            "new_ends_on": _date(d.new_ends_on),
            "note": d.note,
        }
        for d in record.decisions.all()
    ]


def _history(lab: Lab) -> dict[str, Any]:
    decisions = Prefetch("decisions", queryset=RenewalDecision.objects.order_by("decided_on", "id"))
    mandates = Mandate.objects.filter(lab=lab).prefetch_related(decisions).order_by("starts_on", "id")
    sponsors = Sponsor.objects.filter(lab=lab).select_related("organisation").order_by("role", "since", "id")
    funding = (
        Funding.objects.filter(lab=lab)
        .select_related("funder_organisation")
        .prefetch_related(decisions)
        .order_by("starts_on", "id")
    )
    return {
        "mandates": [
            {
                "title": m.title,
                "issued_by": m.issued_by,
                "kind": m.kind,
                "starts_on": _date(m.starts_on),
                "ends_on": _date(m.ends_on),
                "term_ends_on": _date(m.term_ends_on),
                "reporting_line": m.reporting_line,
                "document_reference": m.document_reference,
                "decisions": _decisions(m),
            }
            for m in mandates
        ],
        "sponsors": [
            {"name": s.display_name, "role": s.role, "since": _date(s.since), "until": _date(s.until)} for s in sponsors
        ],
        "funding": [
            {
                "funder": f.funder_display,
                "programme": f.programme,
                "amount_per_year": str(f.amount_per_year) if f.amount_per_year is not None else None,
                "currency": f.currency,
                "budget_share": str(f.budget_share) if f.budget_share is not None else None,
                "starts_on": _date(f.starts_on),
                "ends_on": _date(f.ends_on),
                "decisions": _decisions(f),
            }
            for f in funding
        ],
    }


def archive_content(lab: Lab) -> dict[str, Any]:
    """Every kind of the archive, as the JSON it is written as."""
    processes = _public_processes(lab)
    process_refs = {process.pk: ref for ref, process in enumerate(processes, start=1)}
    results, result_refs = _results(lab, process_refs)
    return {
        "methods": _methods(lab),
        "processes": _processes(processes),
        "results": results,
        "handovers": _handovers(result_refs),
        "playbook": _playbook(lab),
        "history": _history(lab),
    }


def _counts(content: Mapping[str, Any]) -> dict[str, int]:
    history = content["history"]
    return {
        "methods": len(content["methods"]),
        "processes": len(content["processes"]),
        "results": len(content["results"]),
        "handovers": len(content["handovers"]),
        "playbook_blocks_done": sum(1 for b in content["playbook"]["blocks"] if b["status"] == BlockStatus.DONE),
        "mandates": len(history["mandates"]),
        "sponsors": len(history["sponsors"]),
        "funding": len(history["funding"]),
    }


def lab_identity(lab: Lab) -> dict[str, Any]:
    """The lab as the archive names it: no contact person, no e-mail address."""
    return {
        "name": lab.name,
        "slug": lab.slug,
        "city": lab.city,
        "host": lab.host.name,
        "founded": lab.founded,
        "website": lab.website,
    }


def digest_of(lab: Mapping[str, Any], content: Mapping[str, Any]) -> str:
    """The fingerprint of an archive's content (not of its bytes, nor of its export time): the same
    lab exported twice without a change gives the same fingerprint."""
    canonical = json.dumps(
        {"format_version": FORMAT_VERSION, "lab": lab, **content},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode()


def archive_build(lab: Lab, *, now: dt.datetime | None = None) -> bytes:
    """The ZIP archive of ``lab``'s legacy (see the module's docstring)."""
    now = now or timezone.now()
    content = archive_content(lab)
    identity = lab_identity(lab)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generator": "KoSI-Lab",
        "exported_at": _moment(now),
        "lab": identity,
        "counts": _counts(content),
        "files": {kind: f"{kind}.json" for kind in KINDS},
        "digest": digest_of(identity, content),
    }
    context = {"manifest": manifest, "content": content, "lab": identity, "phases": PHASES}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, _dump(manifest))
        for kind in KINDS:
            archive.writestr(f"{kind}.json", _dump(content[kind]))
        archive.writestr(README, render_to_string("sustainability/archive/README.md", context))
        archive.writestr(INDEX, render_to_string("sustainability/archive/index.html", context))
    return buffer.getvalue()


# --- Import: reading and checking ----------------------------------------------------------------


class ArchiveError(Exception):
    """The archive was refused; ``problems`` says why (translated), each with where."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ParsedArchive:
    manifest: dict[str, Any]
    content: dict[str, Any]
    digest: str

    @property
    def lab(self) -> dict[str, Any]:
        return dict(self.manifest["lab"])

    @property
    def exported_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.manifest["exported_at"])


def _unpack(data: bytes) -> dict[str, bytes]:
    """The files of the ZIP, each checked against the limits before and while it is unpacked."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ArchiveError([_("The archive is larger than %(size)d MB.") % {"size": MAX_ARCHIVE_BYTES // MB}])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ArchiveError([_("This is not a ZIP archive.")]) from None
    if len(entries) > len(ALLOWED_NAMES):
        raise ArchiveError([_("The archive holds more files than a legacy archive has.")])
    names = [entry.filename for entry in entries]
    unknown = sorted(set(names) - ALLOWED_NAMES)
    if unknown:
        raise ArchiveError(
            [
                _("The archive holds files a legacy archive does not have: %(names)s")
                % {"names": ", ".join(unknown)[:300]}
            ]
        )
    if len(set(names)) != len(names):
        raise ArchiveError([_("The archive holds a file twice.")])
    total = 0
    files: dict[str, bytes] = {}
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise ArchiveError([_("The archive is encrypted.")])
        declared_too_big = entry.file_size > MAX_ENTRY_BYTES
        ratio = entry.file_size / max(entry.compress_size, 1)
        if declared_too_big or (entry.file_size > 64 * 1024 and ratio > MAX_RATIO):
            raise ArchiveError([_("The file %(name)s unpacks to too much data.") % {"name": entry.filename}])
        try:
            with archive.open(entry) as handle:
                body = handle.read(MAX_ENTRY_BYTES + 1)  # never more, whatever the header says
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise ArchiveError([_("The file %(name)s in the archive is damaged.") % {"name": entry.filename}]) from None
        total += len(body)
        if len(body) > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES:
            raise ArchiveError([_("The file %(name)s unpacks to too much data.") % {"name": entry.filename}])
        files[entry.filename] = body
    return files


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def _json(files: Mapping[str, bytes], name: str) -> Any:
    if name not in files:
        raise ArchiveError([_("The archive has no %(name)s.") % {"name": name}])
    try:
        return json.loads(files[name].decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ArchiveError([_("%(name)s is not valid JSON.") % {"name": name}]) from None


# A small schema language: each check takes (value, where) and returns the value or raises Invalid.
Check = Callable[[Any, str], Any]


class Invalid(Exception):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where, self.problem = where, problem


def text(limit: int, *, required: bool = False) -> Check:
    def check(value: Any, where: str) -> Any:
        if not isinstance(value, str):
            raise Invalid(where, _("text expected"))
        if "\x00" in value:
            raise Invalid(where, _("contains a NUL character"))
        if len(value) > limit:
            raise Invalid(where, _("longer than %(limit)d characters") % {"limit": limit})
        if required and not value.strip():
            raise Invalid(where, _("must not be empty"))
        return value

    return check


def choice(values: Any) -> Check:
    allowed = frozenset(str(v) for v in values)

    def check(value: Any, where: str) -> Any:
        if value not in allowed:
            raise Invalid(where, _("not one of the known values"))
        return value

    return check


def integer(low: int, high: int) -> Check:
    def check(value: Any, where: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid(where, _("a whole number from %(low)d to %(high)d expected") % {"low": low, "high": high})
        return value

    return check


def boolean(value: Any, where: str) -> Any:
    if not isinstance(value, bool):
        raise Invalid(where, _("true or false expected"))
    return value


def day(value: Any, where: str) -> Any:
    try:
        parsed = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None or not 1900 <= parsed.year <= 2200:
        raise Invalid(where, _("a date (YYYY-MM-DD) expected"))
    return value


def moment(value: Any, where: str) -> Any:
    try:
        parsed = dt.datetime.fromisoformat(value) if isinstance(value, str) and len(value) <= 40 else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None or not 1900 <= parsed.year <= 2200:
        raise Invalid(where, _("a date and time with its offset expected"))
    return value


def decimal_text(value: Any, where: str) -> Any:
    try:
        number = float(value) if isinstance(value, str) and len(value) <= 20 else None
    except ValueError:
        number = None
    if number is None or not (0 <= number < 1e12):
        raise Invalid(where, _("an amount (not negative) expected"))
    return value


def optional(inner: Check) -> Check:
    def check(value: Any, where: str) -> Any:
        return None if value is None else inner(value, where)

    return check


def listing(inner: Check, *, most: int = MAX_ITEMS) -> Check:
    def check(value: Any, where: str) -> Any:
        if not isinstance(value, list):
            raise Invalid(where, _("a list expected"))
        if len(value) > most:
            raise Invalid(where, _("more than %(most)d entries") % {"most": most})
        return [inner(item, f"{where}[{index}]") for index, item in enumerate(value)]

    return check


def mapping(fields: Mapping[str, Check], *, extra: bool = False) -> Check:
    """An object with exactly these keys (``extra``: further keys are allowed and dropped)."""

    def check(value: Any, where: str) -> Any:
        if not isinstance(value, dict):
            raise Invalid(where, _("an object expected"))
        missing = [name for name in fields if name not in value]
        if missing:
            raise Invalid(where, _("missing: %(names)s") % {"names": ", ".join(missing)})
        surplus = sorted(set(value) - set(fields))
        if surplus and not extra:
            raise Invalid(where, _("unknown: %(names)s") % {"names": ", ".join(surplus)[:200]})
        return {name: fields[name](value[name], f"{where}.{name}") for name in fields}

    return check


def text_map(limit: int, *, most: int = 20) -> Check:
    def check(value: Any, where: str) -> Any:
        if not isinstance(value, dict) or len(value) > most:
            raise Invalid(where, _("an object expected"))
        return {text(60)(key, where): text(limit)(item, f"{where}.{key}") for key, item in value.items()}

    return check


def _method_fields() -> dict[str, Check]:
    fields: dict[str, Check] = {"slug": text(80), "adapted_from": optional(text(80))}
    for name in METHOD_FIELDS:
        model_field = Method._meta.get_field(name)
        if name == "phases":
            fields[name] = listing(text(40), most=20)
        elif name in ("offline", "online"):
            fields[name] = boolean
        elif name == "difficulty":
            fields[name] = integer(min(Difficulty.values), max(Difficulty.values))
        elif name.startswith(("group_", "duration_")):
            fields[name] = integer(0, 32767)
        else:
            fields[name] = text(getattr(model_field, "max_length", None) or 6000)
    return fields


DECISION = mapping(
    {
        "decided_on": day,
        "decided_by": text(200, required=True),
        "outcome": choice(Outcome.values),
        "new_ends_on": optional(day),
        "note": text(2000),
    }
)

SCHEMA: dict[str, Check] = {
    "methods": listing(mapping(_method_fields())),
    "processes": listing(
        mapping(
            {
                "ref": integer(1, 10**6),
                "title": text(200, required=True),
                "summary": text(2000),
                "status": choice(ProcessStatus.values),
                "started_on": day,
                "question": optional(
                    mapping({"title": text(200), "summary": text(400), "context": text(5000), "goals": text(5000)})
                ),
                "current_phase": optional(text(100)),
                "phases": listing(
                    mapping(
                        {
                            "position": integer(0, 1000),
                            "key": text(40),
                            "label": text(100),
                            "started_at": optional(moment),
                            "ended_at": optional(moment),
                        }
                    ),
                    most=50,
                ),
                "milestones": listing(mapping({"title": text(200), "due_on": day, "done_on": optional(day)}), most=500),
                "log": listing(mapping({"at": moment, "text": text(4000)})),
            }
        )
    ),
    "results": listing(
        mapping(
            {
                "ref": integer(1, 10**6),
                "process_ref": integer(1, 10**6),
                "title": text(200, required=True),
                "kind": choice(ResultKind.values),
                "summary": text(5000),
                "phase": optional(text(100)),
                "canvas": text_map(2000),
                "created_on": day,
                "files_left_out": integer(0, 10**6),
            }
        )
    ),
    "handovers": listing(
        mapping(
            {
                "result_ref": integer(1, 10**6),
                "taker": text(200),
                "taker_kind": choice(TakerKind.values),
                "form": choice(ContinuationForm.values),
                "status": choice(HandoverStatus.values),
                "funding": text(2000),
                "decision": text(2000),
                "decision_on": optional(day),
                "commitments": text(4000),
                "ended_reason": text(2000),
                "history": listing(
                    mapping(
                        {
                            "from": text(20),
                            "to": choice(HandoverStatus.values),
                            "at": moment,
                            "note": text(2000),
                        }
                    ),
                    most=500,
                ),
                "followups": listing(mapping({"due_on": day, "note": text(500), "done": boolean}), most=500),
            }
        )
    ),
    "playbook": mapping(
        {
            "phases": listing(
                mapping(
                    {
                        "key": text(60),
                        "title": text(200),
                        "percent": integer(0, 100),
                        "blocks_done": integer(0, 100),
                        "blocks_total": integer(0, 100),
                        "checklist_done": integer(0, 100),
                        "checklist_total": integer(0, 100),
                    }
                ),
                most=20,
            ),
            "blocks": listing(mapping({"key": text(60), "status": choice(BlockStatus.values)}), most=200),
            "checklist_done": listing(text(60), most=200),
        }
    ),
    "history": mapping(
        {
            "mandates": listing(
                mapping(
                    {
                        "title": text(200, required=True),
                        "issued_by": text(200),
                        "kind": choice(MandateKind.values),
                        "starts_on": day,
                        "ends_on": optional(day),
                        "term_ends_on": optional(day),
                        "reporting_line": text(300),
                        "document_reference": text(300),
                        "decisions": listing(DECISION, most=200),
                    }
                ),
                most=500,
            ),
            "sponsors": listing(
                mapping(
                    {
                        "name": text(200, required=True),
                        "role": choice(SponsorRole.values),
                        "since": optional(day),
                        "until": optional(day),
                    }
                ),
                most=500,
            ),
            "funding": listing(
                mapping(
                    {
                        "funder": text(200, required=True),
                        "programme": text(200),
                        "amount_per_year": optional(decimal_text),
                        "currency": choice(CURRENCIES),
                        "budget_share": optional(decimal_text),
                        "starts_on": day,
                        "ends_on": optional(day),
                        "decisions": listing(DECISION, most=200),
                    }
                ),
                most=500,
            ),
        }
    ),
}

MANIFEST_SCHEMA = mapping(
    {
        "format": choice([FORMAT]),
        "format_version": integer(1, 10**6),
        "exported_at": moment,
        "lab": mapping(
            {
                "name": text(150, required=True),
                "slug": text(80, required=True),
                "city": text(100),
                "host": text(200),
                "founded": optional(integer(1000, 3000)),
                "website": text(200),
            }
        ),
        "counts": mapping({}, extra=True),
    },
    extra=True,  # "generator", "files", "digest": written for readers, not needed to load
)


def _check_references(content: Mapping[str, Any]) -> list[str]:
    problems = []
    process_refs = {row["ref"] for row in content["processes"]}
    result_refs = {row["ref"] for row in content["results"]}
    if len(process_refs) != len(content["processes"]) or len(result_refs) != len(content["results"]):
        problems.append(_("An entry's number (ref) is used twice."))
    for index, row in enumerate(content["results"]):
        if row["process_ref"] not in process_refs:
            problems.append(_("results.json[%(index)d]: names a process the archive does not have.") % {"index": index})
    for index, row in enumerate(content["handovers"]):
        if row["result_ref"] not in result_refs:
            problems.append(
                _("handovers.json[%(index)d]: names a result the archive does not have.") % {"index": index}
            )
    for index, row in enumerate(content["playbook"]["blocks"]):
        if row["key"] not in BLOCK_BY_KEY:
            problems.append(_("playbook.json blocks[%(index)d]: an unknown building block.") % {"index": index})
    return problems[:MAX_ERRORS]


def archive_read(data: bytes) -> ParsedArchive:
    """Check an uploaded archive and return its content; raises ArchiveError with every problem found
    (up to ``MAX_ERRORS``). Nothing is written here."""
    files = _unpack(data)
    raw_manifest = _json(files, MANIFEST)
    if isinstance(raw_manifest, dict) and raw_manifest.get("format") == FORMAT:
        version = raw_manifest.get("format_version")
        if isinstance(version, int) and not isinstance(version, bool) and version not in SUPPORTED_VERSIONS:
            raise ArchiveError(
                [
                    _("This archive has format version %(version)d; this installation reads version %(supported)s.")
                    % {"version": version, "supported": ", ".join(str(v) for v in sorted(SUPPORTED_VERSIONS))}
                ]
            )
    try:
        manifest = MANIFEST_SCHEMA(raw_manifest, MANIFEST)
    except Invalid as error:
        raise ArchiveError(
            [
                _("This is not a legacy archive of KoSI-Lab (%(where)s: %(problem)s).")
                % {"where": error.where, "problem": error.problem}
            ]
        ) from None
    manifest.update(
        {key: raw_manifest[key] for key in ("generator", "digest") if isinstance(raw_manifest.get(key), str)}
    )
    problems: list[str] = []
    content: dict[str, Any] = {}
    for kind in KINDS:
        name = f"{kind}.json"
        try:
            content[kind] = SCHEMA[kind](_json(files, name), name)
        except Invalid as error:
            problems.append(f"{error.where}: {error.problem}")
        except ArchiveError as error:
            problems += error.problems
    if problems:
        raise ArchiveError(problems[:MAX_ERRORS])
    problems = _check_references(content)
    if problems:
        raise ArchiveError(problems)
    return ParsedArchive(manifest=manifest, content=content, digest=digest_of(manifest["lab"], content))
