"""What the results app stores about a person (see kosilab/core/personal_data.py).

``ResultFile.original_name`` is the name of an uploaded file, not of a person.
"""

from __future__ import annotations

from typing import Any

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso


def _export_results(user: User) -> list[dict[str, Any]]:
    from kosilab.results.models import Result

    return [
        {"result": r.title, "kind": r.kind, "process": r.process.title, "created_at": iso(r.created_at)}
        for r in Result.objects.filter(created_by=user).select_related("process").order_by("created_at", "pk")
    ]


def _export_files(user: User) -> list[dict[str, Any]]:
    from kosilab.results.models import ResultFile

    return [
        {"result": f.result.title, "file": f.original_name, "size": f.size, "uploaded_at": iso(f.uploaded_at)}
        for f in ResultFile.objects.filter(uploaded_by=user).select_related("result").order_by("pk")
    ]


declare(
    "results.Result",
    fields=["created_by"],
    erasure=Erasure.KEPT,
    what="Results the person recorded (decisions, reports, canvases).",
    export_key="results",
    export=_export_results,
)
declare(
    "results.ResultFile",
    fields=["uploaded_by"],
    erasure=Erasure.KEPT,
    what="Files the person uploaded to a result; the file stays with the result.",
    export_key="result_files",
    export=_export_files,
)
