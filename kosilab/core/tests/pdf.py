"""Reading back the PDFs that fpdf2 writes, for assertions in tests."""

from __future__ import annotations

import re
import zlib


def pdf_content_text(content: bytes) -> str:
    """The text drawn in a PDF from fpdf2 (core fonts, Windows-1252), streams inflated."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            chunks.append(stream)
    return b"\n".join(chunks).decode("cp1252", errors="replace").replace("\\(", "(").replace("\\)", ")")


def page_count(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", content))
