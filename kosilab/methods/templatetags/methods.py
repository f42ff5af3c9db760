from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

from kosilab.labs.models import DEFAULT_PHASE_LABELS
from kosilab.methods.models import LANGUAGES
from kosilab.methods.recommend import minutes_range, people_range

register = template.Library()


@register.filter
def phase_labels(keys: Any) -> list[str]:
    """The names of a method's phases, in the order of the phases."""
    keys = keys or []
    return [str(label) for key, label in DEFAULT_PHASE_LABELS.items() if key in keys]


@register.filter
def people(method: Any) -> str:
    return people_range(method)


@register.filter
def minutes(method: Any) -> str:
    return minutes_range(method)


@register.filter
def language_of(method: Any, field: str) -> str:
    """The language a method's text is shown in: the reader's, or the other one where it is missing."""
    language = (translation.get_language() or "de")[:2]
    for code in (language, *LANGUAGES):
        if getattr(method, f"{field}_{code}", None):
            return code
    return language


@register.filter
def get_section(texts: dict[str, Any], name: str) -> Any:
    return texts.get(name)


@register.simple_tag
def method_sections() -> list[tuple[str, str]]:
    """The texts shown as sections of a method's page and card, with their headings."""
    return [
        ("goal", _("Goal and when to use it")),
        ("preparation", _("Preparation")),
        ("materials", _("Materials")),
        ("steps", _("Steps")),
        ("tips", _("Tips and pitfalls")),
    ]
