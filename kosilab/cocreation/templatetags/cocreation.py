from __future__ import annotations

from typing import Any

from django import template

from kosilab.cocreation.selectors import IdeasSummary
from kosilab.cocreation.selectors import ideas_summary as summary_of

register = template.Library()


@register.simple_tag(takes_context=True)
def ideas_summary(context: dict[str, Any], target: Any) -> IdeasSummary:
    """``{% ideas_summary challenge_or_process as summary %}``: one query (see selectors.ideas_summary)."""
    return summary_of(target, context["request"].user)
