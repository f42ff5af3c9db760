"""Template filters for scores of the readiness self-assessment."""

from __future__ import annotations

from django import template

from kosilab.playbook.selectors import format_score

register = template.Library()


@register.filter
def score(value: float | None) -> str:
    """``{{ row.latest|score }}``: one decimal in the current language, "–" if there is none."""
    return format_score(value)


@register.filter
def score_change(value: float | None) -> str:
    """``{{ row.change|score_change }}``: "+0.5", "-1.0", "0.0" or "–"."""
    return format_score(value, signed=True)
