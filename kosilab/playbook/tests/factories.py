"""Helpers for playbook tests."""

from __future__ import annotations

import re
import zlib

from kosilab.playbook.content import DIMENSIONS


def all_answers(score: int = 2, *, as_int: bool = False, **overrides: int) -> dict:
    """An answer for every question of the self-assessment: as form data, or as a service mapping."""
    answers = {q.key: overrides.get(q.key, score) for d in DIMENSIONS for q in d.questions}
    return answers if as_int else {key: str(value) for key, value in answers.items()}


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
