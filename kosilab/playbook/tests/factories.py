"""Helpers for playbook tests."""

from __future__ import annotations

from kosilab.core.tests.pdf import page_count, pdf_content_text
from kosilab.playbook.content import DIMENSIONS

__all__ = ["all_answers", "page_count", "pdf_content_text"]


def all_answers(score: int = 2, *, as_int: bool = False, **overrides: int) -> dict:
    """An answer for every question of the self-assessment: as form data, or as a service mapping."""
    answers = {q.key: overrides.get(q.key, score) for d in DIMENSIONS for q in d.questions}
    return answers if as_int else {key: str(value) for key, value in answers.items()}
