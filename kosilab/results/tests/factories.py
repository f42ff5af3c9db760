"""Results and handovers for tests."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kosilab.processes.models import Process
from kosilab.results.models import Result, ResultFile, ResultKind, ResultVisibility

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(size: tuple[int, int] = (20, 10), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 100)).save(buffer, "PNG")
    return buffer.getvalue()


def make_result(process: Process, **values: Any) -> Result:
    values.setdefault("title", "Ergebnis")
    values.setdefault("kind", ResultKind.DECISION)
    values.setdefault("visibility", ResultVisibility.PUBLIC)
    return Result.objects.create(process=process, lab_id=process.lab_id, **values)


def attach(result: Result, name: str = "bericht.pdf", content: bytes = PDF) -> ResultFile:
    attached = ResultFile(result=result, original_name=name, size=len(content), content_type="application/pdf")
    attached.file.save(name, SimpleUploadedFile(name, content), save=False)
    attached.save()
    return attached
